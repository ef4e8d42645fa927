using System.Security.Cryptography;
using System.Text;

namespace BackupHealth.Collector.Store;

/// <summary>How an agent token is kept: lower-case hex SHA-256 of its UTF-8 bytes. Tokens are long random secrets,
/// so a plain hash (no salt, no stretching) is enough and lets a token be looked up by its hash.</summary>
internal static class TokenHash
{
    public static string Of(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
