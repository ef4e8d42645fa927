using System.IO.Hashing;
using System.Security.Cryptography;

namespace BackupHealth.Agent.Probes.Xva;

/// <summary>The checksum member after each chunk: <c>.xxhash</c> holds XXH64 as 16 hex digits (xapi writes them upper
/// case, the default since 2019), <c>.checksum</c> SHA-1 as 40 (lower case, older exports). The extension picks the
/// algorithm; case does not matter.</summary>
internal static class ChunkChecksum
{
    public const string XxHashExtension = ".xxhash";
    public const string Sha1Extension = ".checksum";
    public const string XxHashName = "xxhash";
    public const string Sha1Name = "sha1";

    /// <summary>Longest checksum member read; a real one is 16 or 40 bytes (plus perhaps a newline).</summary>
    public const int MaxMemberSize = 256;

    /// <returns>The algorithm's name, or null when <paramref name="memberName"/> is not a checksum of <paramref name="chunkName"/>.</returns>
    public static string? AlgorithmOf(string memberName, string chunkName)
    {
        if (memberName.Length <= chunkName.Length || !memberName.StartsWith(chunkName, StringComparison.Ordinal))
        {
            return null;
        }

        return memberName.AsSpan(chunkName.Length) switch
        {
            XxHashExtension => XxHashName,
            Sha1Extension => Sha1Name,
            _ => null,
        };
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "The XVA format defines SHA-1 as a corruption check, not a security one")]
    public static string Compute(string algorithm, ReadOnlySpan<byte> data) => algorithm == XxHashName
        ? XxHash64.HashToUInt64(data).ToString("X16", System.Globalization.CultureInfo.InvariantCulture)
        : Convert.ToHexStringLower(SHA1.HashData(data));

    /// <summary>Compares the hex in a checksum member (ASCII, surrounding whitespace ignored) with the computed hash.</summary>
    public static bool Matches(ReadOnlySpan<byte> stored, string computed)
    {
        var trimmed = stored.Trim(" \t\r\n\0"u8);
        if (trimmed.Length != computed.Length)
        {
            return false;
        }

        for (var i = 0; i < trimmed.Length; i++)
        {
            if (char.ToUpperInvariant((char)trimmed[i]) != char.ToUpperInvariant(computed[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static string Printable(ReadOnlySpan<byte> stored)
    {
        var trimmed = stored.Trim(" \t\r\n\0"u8);
        return System.Text.Encoding.ASCII.GetString(trimmed.Length > 64 ? trimmed[..64] : trimmed);
    }
}
