namespace BackupHealth.Collector.Expectations;

/// <summary>When a job's next successful run is due: every <see cref="Interval"/> (optionally only on
/// <see cref="Days"/>), or at the next time of <see cref="Schedule"/>; late only after <see cref="Grace"/>.</summary>
internal sealed record Expectation(TimeSpan? Interval, Schedule? Schedule, TimeSpan Grace, ExpectationSource Source, RunDays? Days = null)
{
    public static Expectation Every(TimeSpan interval, TimeSpan grace, ExpectationSource source, RunDays? days = null) =>
        new(interval, null, grace, source, days);

    public static Expectation On(Schedule schedule, TimeSpan grace, ExpectationSource source) =>
        new(null, schedule, grace, source);

    /// <summary>The time by which the next success must have come, counted from the last success (or, when there
    /// never was one, from when the job was first seen). Null when a schedule never fires again.
    /// <list type="bullet">
    /// <item>interval: last + interval, moved past days the job does not run on, + grace;</item>
    /// <item>schedule: the first scheduled time after last, + grace.</item>
    /// </list></summary>
    public DateTimeOffset? Deadline(DateTimeOffset? lastSuccess, DateTimeOffset firstSeen)
    {
        var from = lastSuccess ?? firstSeen;
        if (Schedule is not null)
        {
            return Schedule.NextAfter(from) + Grace;
        }

        var due = from + Interval!.Value;
        if (Days is { Days.Count: > 0 })
        {
            for (var i = 0; i < 7 && !Days.Contains(due); i++)
            {
                due = due.AddDays(1);
            }
        }

        return due + Grace;
    }

    /// <summary>For people: "every 1 d on Mon–Fri, grace 6 h (learned)", "schedule weekdays 22:00 Europe/Amsterdam,
    /// grace 2 h (set)".</summary>
    public string Describe()
    {
        var what = Schedule is not null
            ? $"schedule {Schedule.Text}"
            : $"every {DurationText.Format(Interval!.Value)}{(Days is null ? "" : $" on {Days}")}";
        return $"{what}, grace {DurationText.Format(Grace)} ({SourceName(Source)})";
    }

    public static string SourceName(ExpectationSource source) => source switch
    {
        ExpectationSource.Set => "set",
        ExpectationSource.Learned => "learned",
        _ => "default",
    };
}
