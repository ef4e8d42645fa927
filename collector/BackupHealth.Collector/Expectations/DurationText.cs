using System.Globalization;
using System.Text.RegularExpressions;

namespace BackupHealth.Collector.Expectations;

/// <summary>Durations as people read and type them: "12 min", "1 d 4 h"; typed as "1.00:00:00" (.NET) or
/// "1d", "6h", "90m", "1d12h".</summary>
internal static partial class DurationText
{
    /// <summary>Whole days, hours and minutes, largest two parts; seconds only below a minute.</summary>
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            return "-" + Format(value.Negate());
        }

        if (value < TimeSpan.FromMinutes(1))
        {
            return FormattableString.Invariant($"{(int)value.TotalSeconds} s");
        }

        var parts = new List<string>(3);
        if (value.Days > 0)
        {
            parts.Add(FormattableString.Invariant($"{value.Days} d"));
        }

        if (value.Hours > 0)
        {
            parts.Add(FormattableString.Invariant($"{value.Hours} h"));
        }

        if (value.Minutes > 0)
        {
            parts.Add(FormattableString.Invariant($"{value.Minutes} min"));
        }

        return string.Join(' ', parts.Take(2));
    }

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (TimeSpan.TryParseExact(trimmed, "c", CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        var match = ShortForm().Match(trimmed);
        if (!match.Success || match.Length == 0)
        {
            return false;
        }

        var total = TimeSpan.Zero;
        foreach (var (group, unit) in new[] { ("d", TimeSpan.FromDays(1)), ("h", TimeSpan.FromHours(1)), ("m", TimeSpan.FromMinutes(1)) })
        {
            if (match.Groups[group].Success)
            {
                if (!int.TryParse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > 100_000)
                {
                    return false;
                }

                total += unit * count;
            }
        }

        value = total;
        return true;
    }

    [GeneratedRegex(@"^(?:(?<d>\d+)\s*d)?\s*(?:(?<h>\d+)\s*h)?\s*(?:(?<m>\d+)\s*m(?:in)?)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ShortForm();
}
