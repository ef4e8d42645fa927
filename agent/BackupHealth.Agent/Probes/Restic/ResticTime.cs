using System.Globalization;
using System.Text.RegularExpressions;

namespace BackupHealth.Agent.Probes.Restic;

/// <summary>restic's times: RFC 3339 with up to nine fraction digits and the offset of the host that made the
/// snapshot (Go's <c>time.RFC3339Nano</c>). .NET reads at most seven fraction digits, so the rest is cut.</summary>
internal static partial class ResticTime
{
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = Fraction().Replace(text.Trim(), m => m.Value[..Math.Min(m.Value.Length, 8)]);
        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    [GeneratedRegex(@"\.\d+")]
    private static partial Regex Fraction();
}
