using System.Security.Cryptography;
using System.Text;

namespace BackupHealth.Agent.Probes;

/// <summary>Observation ids derived from the fact itself, so the same fact gets the same id after a restart and the
/// collector can drop a re-send.</summary>
internal static class StableId
{
    private const int Length = 32;

    public static string Of(params ReadOnlySpan<string> parts)
    {
        // NUL cannot occur in a probe name or a file name, so joined parts cannot collide by shifting a separator.
        var text = string.Join('\0', parts.ToArray());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..Length];
    }
}
