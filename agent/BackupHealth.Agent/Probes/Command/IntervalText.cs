using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace BackupHealth.Agent.Probes.Command;

/// <summary>An interval as the collector reads a job's stated <c>interval</c>: <c>4h</c>, <c>1d</c>, <c>90m</c>,
/// <c>1d12h</c>, or .NET's <c>1.00:00:00</c>.</summary>
internal static partial class IntervalText
{
    // The collector refuses larger counts of one unit.
    private const int MaxCount = 100_000;

    private static readonly (char Unit, long Minutes)[] Units = [('d', 24 * 60L), ('h', 60L), ('m', 1L)];
    private static readonly string[] UnitGroups = ["d", "h", "m"];

    /// <summary>Whole days, hours and minutes, rounded up to a minute: a stated interval shorter than the real one
    /// would have the collector miss runs that are not late.</summary>
    public static string Format(TimeSpan value)
    {
        var minutes = (long)Math.Ceiling(value.TotalMinutes);
        if (minutes <= 0)
        {
            return "0m";
        }

        var text = new StringBuilder();
        foreach (var (unit, size) in Units)
        {
            if (minutes >= size)
            {
                text.Append(CultureInfo.InvariantCulture, $"{minutes / size}{unit}");
                minutes %= size;
            }
        }

        return text.ToString();
    }

    /// <summary>Whether the collector can read <paramref name="text"/> as an interval longer than zero.</summary>
    public static bool IsValid(string text)
    {
        var trimmed = text.Trim();
        if (TimeSpan.TryParseExact(trimmed, "c", CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed > TimeSpan.Zero;
        }

        var match = ShortForm().Match(trimmed);
        var counts = UnitGroups.Select(g => match.Groups[g]).Where(g => g.Success).ToList();
        return match.Success && counts.Count > 0
            && counts.All(g => int.TryParse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= MaxCount)
            && counts.Any(g => g.Value.Any(c => c != '0'));
    }

    [GeneratedRegex(@"^(?:(?<d>\d+)\s*d)?\s*(?:(?<h>\d+)\s*h)?\s*(?:(?<m>\d+)\s*m(?:in)?)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ShortForm();
}
