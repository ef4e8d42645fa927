using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BackupHealth.Agent.Probes.Shared.Http;

/// <summary>Server certificate checking for vendor APIs. Validation is on by default; backup servers usually present
/// a self-signed certificate (Veeam's VBR, XenServer, Proxmox), so a probe may pin that one certificate by its
/// thumbprint instead of turning validation off. A pin accepts only that exact certificate.</summary>
internal static class CertificatePin
{
    /// <summary>The setting's text without separators, upper case; null when empty.</summary>
    public static string? Normalize(string? thumbprint)
    {
        if (string.IsNullOrWhiteSpace(thumbprint))
        {
            return null;
        }

        return string.Concat(thumbprint.Where(c => c is not (':' or ' ' or '-'))).ToUpperInvariant();
    }

    /// <returns>An error for a thumbprint setting that cannot be a SHA-1 (40 hex digits) or SHA-256 (64) thumbprint;
    /// null when it is valid or empty.</returns>
    public static string? Validate(string? thumbprint)
    {
        var normalized = Normalize(thumbprint);
        if (normalized is null)
        {
            return null;
        }

        return normalized.Length is 40 or 64 && normalized.All(char.IsAsciiHexDigit)
            ? null
            : "must be the certificate's SHA-256 (64 hex digits) or SHA-1 (40 hex digits) thumbprint";
    }

    /// <summary>An HTTP handler for one probe: certificate validation, or the pin when one is set.</summary>
    public static SocketsHttpHandler CreateHandler(string? thumbprint)
    {
        var pin = Normalize(thumbprint);
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        };
        if (pin is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || (certificate is not null && Matches(certificate, pin));
        }

        return handler;
    }

    public static bool Matches(X509Certificate certificate, string normalizedPin)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var raw = certificate.GetRawCertData();
        var thumbprint = normalizedPin.Length == 40
#pragma warning disable CA5350 // SHA-1 is what Windows shows as "Thumbprint"; it identifies, it does not protect.
            ? Convert.ToHexString(SHA1.HashData(raw))
#pragma warning restore CA5350
            : Convert.ToHexString(SHA256.HashData(raw));
        return string.Equals(thumbprint, normalizedPin, StringComparison.Ordinal);
    }
}
