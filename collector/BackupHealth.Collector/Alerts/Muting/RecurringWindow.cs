using System.Globalization;

namespace BackupHealth.Collector.Alerts.Muting;

/// <summary>A window that opens on the given days at a local wall-clock time in a time zone and stays open for a
/// duration of elapsed time. "sat 22:00 for 04:00" is Saturday 22:00 to Sunday 02:00; on a night the clocks change
/// it still lasts four hours, so it ends at 01:00 or 03:00 by the clock.</summary>
/// <param name="Days">The days it opens on; null for every day.</param>
internal sealed record RecurringWindow(IReadOnlySet<DayOfWeek>? Days, TimeOnly Start, TimeSpan Duration, TimeZoneInfo Zone)
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(7);

    public bool IsActive(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);

        // A window that opened on an earlier day may still be open: look back as many days as it can last.
        var lookBack = (int)Math.Ceiling(Duration.TotalDays) + 1;
        for (var day = today.AddDays(-lookBack); day <= today; day = day.AddDays(1))
        {
            if (Days is not null && !Days.Contains(day.DayOfWeek))
            {
                continue;
            }

            var opens = ToInstant(day.ToDateTime(Start));
            if (opens <= now && now < opens + Duration)
            {
                return true;
            }
        }

        return false;
    }

    public static bool TryParseStart(string? text, out TimeOnly start) =>
        TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out start);

    /// <summary>Parses <c>hh:mm</c> (or <c>d.hh:mm</c>) up to <see cref="MaxDuration"/>.</summary>
    public static bool TryParseDuration(string? text, out TimeSpan duration) =>
        TimeSpan.TryParseExact(text, [@"h\:mm", @"hh\:mm", @"d\.hh\:mm"], CultureInfo.InvariantCulture, out duration)
        && duration > TimeSpan.Zero && duration <= MaxDuration;

    public static string FormatDuration(TimeSpan duration) =>
        duration.Days > 0 ? duration.ToString(@"d\.hh\:mm", CultureInfo.InvariantCulture) : duration.ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    /// <summary>IANA (or Windows) zone ids, resolved the same way as expectation schedules: TimeZoneConverter works
    /// on Windows too, where invariant globalization leaves the runtime without IANA names.</summary>
    public static bool TryFindZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        return !string.IsNullOrWhiteSpace(id) && TimeZoneConverter.TZConvert.TryGetTimeZoneInfo(id, out zone!);
    }

    /// <summary>The instant a local wall-clock time means. A time the clocks skip (spring forward) opens the window
    /// when the clock reaches it after the jump; a time that happens twice (fall back) means the first.</summary>
    private DateTimeOffset ToInstant(DateTime local)
    {
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
