using System.Net;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Web.Proxies;

/// <summary>Checks <see cref="WebProxyOptions"/>; each failure names the key an operator writes
/// (<c>Collector:Web:TrustedProxies:0: ...</c>).</summary>
internal sealed class WebProxyOptionsValidator : IValidateOptions<WebProxyOptions>
{
    private readonly WebProxyOptionsAnnotations _annotations = new();

    public ValidateOptionsResult Validate(string? name, WebProxyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = (_annotations.Validate(name, options).Failures ?? []).Select(f => $"{WebProxyOptions.SectionName}:{f}").ToList();
        for (var i = 0; i < options.TrustedProxies.Count; i++)
        {
            if (!TryParse(options.TrustedProxies[i], out _, out _))
            {
                failures.Add($"{WebProxyOptions.SectionName}:TrustedProxies:{i}: '{options.TrustedProxies[i]}' is neither an IP address (192.0.2.10) nor a network (10.0.0.0/8)");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>An entry as a single address or as a network (a prefix length after a slash).</summary>
    public static bool TryParse(string? entry, out IPAddress? address, out IPNetwork? network)
    {
        address = null;
        network = null;
        var text = entry?.Trim() ?? "";
        if (text.Contains('/', StringComparison.Ordinal))
        {
            if (IPNetwork.TryParse(text, out var parsed))
            {
                network = parsed;
                return true;
            }

            return false;
        }

        if (IPAddress.TryParse(text, out var single))
        {
            address = single;
            return true;
        }

        return false;
    }
}
