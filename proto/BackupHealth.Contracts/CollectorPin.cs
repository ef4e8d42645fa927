using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BackupHealth.Contracts;

/// <summary>The pin an agent trusts its collector by: <c>sha256:</c> and the SHA-256 of a CA certificate's public key
/// (its SubjectPublicKeyInfo, like kubeadm's CA hash), in lower-case hex. The collector prints the pin of its own CA; an
/// agent accepts a server certificate that chains to a certificate with that key, whatever the system trusts.</summary>
public static class CollectorPin
{
    public const string Prefix = "sha256:";
    private const int HexLength = 64;

    public static string Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Prefix + Convert.ToHexStringLower(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>The pin in its canonical form (lower-case hex), or null when <paramref name="text"/> is not
    /// <c>sha256:</c> followed by 64 hex digits.</summary>
    public static string? Normalize(string? text)
    {
        var value = text?.Trim();
        if (value is null || !value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var hex = value[Prefix.Length..];
        return hex.Length == HexLength && hex.All(char.IsAsciiHexDigit) ? Prefix + hex.ToLowerInvariant() : null;
    }
}
