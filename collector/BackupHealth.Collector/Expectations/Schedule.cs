using Cronos;

namespace BackupHealth.Collector.Expectations;

/// <summary>When a job is meant to run: a cron expression in a time zone. Made by <see cref="ScheduleParser"/>, which
/// also accepts the short forms people type ("weekdays 22:00 Europe/Amsterdam").</summary>
/// <param name="Text">What the person wrote (spaces collapsed): shown back as it was entered.</param>
internal sealed record Schedule(string Text, CronExpression Cron, TimeZoneInfo TimeZone)
{
    /// <summary>The first scheduled time strictly after <paramref name="instant"/>, or null when the expression never
    /// fires again. Cronos applies the zone's daylight-saving rules: a time skipped in spring runs at the shifted
    /// time, a time repeated in autumn runs once.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset instant) =>
        Cron.GetNextOccurrence(instant, TimeZone, inclusive: false)?.ToUniversalTime();
}
