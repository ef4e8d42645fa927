using System.Globalization;

namespace BackupHealth.Agent.Probes.Unitrends;

/// <summary>The <c>duration</c> and <c>size</c> of a history row. Their types and units are not documented, so both are
/// read tolerantly: a duration as seconds (a number) or as <c>[d.]hh:mm[:ss]</c> text, as the appliance's job
/// history shows it; a size as megabytes (a number, MB as the appliance's reports show sizes, taken as 2^20 bytes) or
/// as text with its unit (<c>1.5 GB</c>). Anything else is unknown: null, never 0.</summary>
internal static class UnitrendsRunFigures
{
    private const double BytesPerMegabyte = 1024 * 1024;

    private static readonly (string Suffix, double Bytes)[] Units =
    [
        ("TB", BytesPerMegabyte * 1024 * 1024), ("GB", BytesPerMegabyte * 1024), ("MB", BytesPerMegabyte), ("KB", 1024), ("B", 1),
    ];

    public static TimeSpan? Duration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds > 0 && seconds < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(seconds) : null;
        }

        // "26:03:10": hours may pass 24, which TimeSpan's own formats refuse.
        var parts = text.Split(':');
        if (parts.Length is 2 or 3 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
        {
            var numbers = parts.Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            var total = TimeSpan.FromHours(numbers[0]) + TimeSpan.FromMinutes(numbers[1]) + TimeSpan.FromSeconds(numbers.Length == 3 ? numbers[2] : 0);
            return total > TimeSpan.Zero ? total : null;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero ? span : null;
    }

    public static long? SizeBytes(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        var (number, bytesPerUnit) = (text, BytesPerMegabyte);
        foreach (var (suffix, bytes) in Units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                (number, bytesPerUnit) = (text[..^suffix.Length].TrimEnd(), bytes);
                break;
            }
        }

        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return null;
        }

        var size = value * bytesPerUnit;
        return size < long.MaxValue ? (long)Math.Round(size) : null;
    }
}
