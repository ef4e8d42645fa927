using System.Globalization;

namespace BackupHealth.Collector.Dashboard.Jobs;

/// <summary>Where the chart's time axis is labelled: at real boundaries (UTC midnights, whole hours, whole minutes)
/// a round step apart, never at fractions of the span — those repeat a date twice or skip one.</summary>
internal static class TimeTicks
{
    /// <summary>More labels than this crowd the axis of <see cref="SizeDurationChart"/>.</summary>
    public const int MaxLabels = 6;

    private static readonly TimeSpan[] Steps =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(12),
        TimeSpan.FromDays(1), TimeSpan.FromDays(2), TimeSpan.FromDays(3), TimeSpan.FromDays(7), TimeSpan.FromDays(14),
        TimeSpan.FromDays(28), TimeSpan.FromDays(56), TimeSpan.FromDays(91), TimeSpan.FromDays(182), TimeSpan.FromDays(364),
    ];

    /// <summary>The labelled times between <paramref name="first"/> and <paramref name="last"/> (both included), with
    /// their text: the date at midnights a whole number of days apart once the span needs day steps, else the date and
    /// time at whole hours or minutes. A span with no boundary in it (one run, runs seconds apart) is labelled once,
    /// at its first time.</summary>
    public static IReadOnlyList<(DateTimeOffset Time, string Label)> Of(DateTimeOffset first, DateTimeOffset last)
    {
        // Two days or more are labelled by date only, at midnights: hours would name a date several times.
        var shortest = last - first >= TimeSpan.FromDays(2) ? TimeSpan.FromDays(1) : TimeSpan.Zero;
        foreach (var step in Steps.Where(s => s >= shortest))
        {
            var ticks = Between(first, last, step);
            if (ticks.Count is > 0 and <= MaxLabels)
            {
                var format = step >= TimeSpan.FromDays(1) ? "yyyy-MM-dd" : "MM-dd HH:mm";
                return ticks.Select(t => (t, t.UtcDateTime.ToString(format, CultureInfo.InvariantCulture))).ToList();
            }

            if (ticks.Count == 0)
            {
                break;
            }
        }

        return [(first, first.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))];
    }

    /// <summary>Multiples of the step from the Unix epoch (a UTC midnight), so every day step starts at midnight.</summary>
    private static List<DateTimeOffset> Between(DateTimeOffset first, DateTimeOffset last, TimeSpan step)
    {
        var ticks = new List<DateTimeOffset>();
        var since = (first - DateTimeOffset.UnixEpoch).Ticks;
        var n = (since / step.Ticks) + (since % step.Ticks > 0 ? 1 : 0);
        for (var t = DateTimeOffset.UnixEpoch.AddTicks(n * step.Ticks); t <= last && ticks.Count <= MaxLabels; t += step)
        {
            ticks.Add(t);
        }

        return ticks;
    }
}
