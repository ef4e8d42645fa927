using BackupHealth.Contracts;

namespace BackupHealth.Collector.Expectations;

/// <summary>When a job runs, as its own source says in the probe's job listing: a <c>schedule</c> attribute (the
/// schedule syntax people type, e.g. <c>weekly sat 02:00</c> from a Proxmox job), an <c>interval</c> attribute
/// (<c>4h</c>), and the listing's <c>next_run</c> (Veeam's "next run"). What does not parse is left out: an agent's
/// words never stop the rules.</summary>
internal sealed record StatedSchedule(Schedule? Schedule, TimeSpan? Interval, DateTimeOffset? NextRun)
{
    /// <summary>Shortest stated interval taken: below it a job is not a backup schedule anyone judges by the minute.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(5);

    /// <summary>Longest stated interval taken; a longer one is more likely a misreading than a schedule.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(366);

    /// <returns>Null when the source states nothing usable.</returns>
    public static StatedSchedule? From(IReadOnlyDictionary<string, string>? attributes, DateTimeOffset? nextRun)
    {
        Schedule? schedule = null;
        TimeSpan? interval = null;
        if (attributes is not null)
        {
            if (attributes.TryGetValue(StatedScheduleAttributes.Schedule, out var text) && ScheduleParser.TryParse(text, out var parsed, out _))
            {
                schedule = parsed;
            }

            if (attributes.TryGetValue(StatedScheduleAttributes.Interval, out var every) && DurationText.TryParse(every, out var value)
                && value >= MinInterval && value <= MaxInterval)
            {
                interval = value;
            }
        }

        return schedule is null && interval is null && nextRun is null ? null : new StatedSchedule(schedule, interval, nextRun);
    }
}
