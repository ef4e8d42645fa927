using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Web.Proxies;

/// <summary>Believes <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> only from the proxies in
/// <c>Collector:Web:TrustedProxies</c> (never from loopback by default, as ASP.NET Core would). Then the limits per
/// address, the audit log and the logs see the client's address, and behind a proxy that terminates TLS the request
/// counts as HTTPS: session cookies are <c>Secure</c> and HSTS is sent. A chain of trusted proxies is followed back to
/// the first address that is not one of them; <c>X-Forwarded-Host</c> is never read.</summary>
internal sealed class ForwardedHeadersSetup(IOptions<WebProxyOptions> proxies, ILogger<ForwardedHeadersSetup> logger) : IConfigureOptions<ForwardedHeadersOptions>
{
    public void Configure(ForwardedHeadersOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        options.ForwardedHeaders = ForwardedHeaders.None;
        List<string> trusted;
        try
        {
            trusted = proxies.Value.TrustedProxies;
        }
        catch (OptionsValidationException)
        {
            // Start-up validation reports the bad entry and stops the collector.
            return;
        }

        foreach (var entry in trusted)
        {
            if (WebProxyOptionsValidator.TryParse(entry, out var address, out var network))
            {
                if (address is not null)
                {
                    options.KnownProxies.Add(address);
                }
                else
                {
                    options.KnownIPNetworks.Add(network!.Value);
                }
            }
        }

        if (options.KnownProxies.Count + options.KnownIPNetworks.Count > 0)
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = null;
            Log.TrustedProxies(logger, string.Join(", ", trusted.Select(t => t.Trim())));
        }
    }
}
