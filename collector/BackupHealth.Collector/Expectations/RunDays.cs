namespace BackupHealth.Collector.Expectations;

/// <summary>The days of the week a learned job runs on, e.g. Monday to Friday. A job's "day" is the 24 hours centred
/// on its usual time of day: it starts at <see cref="DayStart"/> (UTC time of day, half a day before the usual time;
/// negative when that falls on the day before), so a 02:00 run counts for the day it runs on and runs that jitter
/// around midnight UTC still count for one day.</summary>
internal sealed record RunDays(IReadOnlySet<DayOfWeek> Days, TimeSpan DayStart)
{
    public bool Contains(DateTimeOffset instant) => Days.Contains(DayOf(instant));

    public DayOfWeek DayOf(DateTimeOffset instant) => (instant.UtcDateTime - DayStart).DayOfWeek;

    /// <summary>"Mon–Fri" for consecutive days (wrapping over the week's end: "Sun–Thu"), else "Mon, Wed, Fri".</summary>
    public override string ToString()
    {
        var present = Enumerable.Range(0, 7).Select(d => Days.Contains((DayOfWeek)d)).ToArray();
        var starts = Enumerable.Range(0, 7).Where(d => present[d] && !present[(d + 6) % 7]).ToList();
        if (starts.Count == 1 && Days.Count >= 3)
        {
            var first = (DayOfWeek)starts[0];
            var last = (DayOfWeek)((starts[0] + Days.Count - 1) % 7);
            return $"{Short(first)}–{Short(last)}";
        }

        return string.Join(", ", Enumerable.Range(1, 7).Select(d => (DayOfWeek)(d % 7)).Where(Days.Contains).Select(Short));
    }

    private static string Short(DayOfWeek day) => day.ToString()[..3];
}
