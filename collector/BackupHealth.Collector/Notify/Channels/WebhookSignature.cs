using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>Signs a post the way receivers verify it (docs/notifications.md, "Signed posts"):
/// <c>X-BackupHealth-Signature: sha256=&lt;hex HMAC-SHA256 of "&lt;timestamp&gt;.&lt;body&gt;"&gt;</c> beside
/// <c>X-BackupHealth-Timestamp: &lt;unix seconds&gt;</c>. The timestamp is signed with the body, so a receiver that
/// refuses old timestamps cannot be fed a recorded post again later.</summary>
internal static class WebhookSignature
{
    public const string TimestampHeader = "X-BackupHealth-Timestamp";
    public const string SignatureHeader = "X-BackupHealth-Signature";
    public const string Scheme = "sha256=";

    /// <summary>The two headers for <paramref name="body"/> sent at <paramref name="unixSeconds"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(byte[] key, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var timestamp = unixSeconds.ToString(CultureInfo.InvariantCulture);
        return [new(TimestampHeader, timestamp), new(SignatureHeader, Sign(key, timestamp, body))];
    }

    public static string Sign(byte[] key, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        var prefix = Encoding.ASCII.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(key, signed));
    }
}
