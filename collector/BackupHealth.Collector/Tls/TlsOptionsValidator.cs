using System.Net;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Tls;

/// <summary>Checks <see cref="TlsOptions"/>; each failure names the key an operator writes. Whether the files can be
/// read is checked when the collector loads them at start (<see cref="ServerCertificates"/>).</summary>
internal sealed class TlsOptionsValidator : IValidateOptions<TlsOptions>
{
    private const string Prefix = TlsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            if (!string.IsNullOrWhiteSpace(options.KeyPath))
            {
                failures.Add($"{Prefix}:KeyPath: needs {Prefix}:CertificatePath (the certificate the key belongs to)");
            }

            if (!string.IsNullOrWhiteSpace(options.PasswordFile))
            {
                failures.Add($"{Prefix}:PasswordFile: needs {Prefix}:CertificatePath (the file the password opens)");
            }
        }

        if (options.Names.Count > TlsOptions.MaxNames)
        {
            failures.Add($"{Prefix}:Names: at most {TlsOptions.MaxNames} names");
        }

        for (var i = 0; i < options.Names.Count; i++)
        {
            if (!IsName(options.Names[i]))
            {
                failures.Add($"{Prefix}:Names:{i}: '{options.Names[i]}' is neither a DNS name nor an IP address");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsName(string? value) =>
        !string.IsNullOrWhiteSpace(value)
        && (IPAddress.TryParse(value, out _) || Uri.CheckHostName(value) == UriHostNameType.Dns);
}
