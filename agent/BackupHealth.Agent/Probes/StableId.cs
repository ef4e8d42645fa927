using System.IO.Hashing;
using System.Text;

namespace BackupHealth.Agent.Probes;

/// <summary>Observation ids derived from the fact itself, so the same fact gets the same id after a restart and the
/// collector can drop a re-send.</summary>
/// <remarks>XXH128 rather than a cryptographic hash: the id only has to be stable and, by chance, unique among one
/// agent's facts (128 bits), and it keeps OpenSSL out of an agent that never verifies a checksum or speaks TLS —
/// loading libcrypto alone costs the idle agent about 3.5 MB of resident memory.</remarks>
internal static class StableId
{
    public static string Of(params ReadOnlySpan<string> parts)
    {
        // NUL cannot occur in a probe name or a file name, so joined parts cannot collide by shifting a separator.
        var text = string.Join('\0', parts.ToArray());
        return Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(text)));
    }
}
