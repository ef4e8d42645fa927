namespace BackupHealth.Collector.Expectations;

/// <summary>When a job's next successful run is due: every <see cref="Interval"/> (optionally only on
/// <see cref="Days"/>), at the next time of <see cref="Schedule"/>, or at the <see cref="NextRun"/> its source states;
/// late only after <see cref="Grace"/>.</summary>
/// <param name="UsualDuration">How long the job's runs usually take (median of recent ones), added to a scheduled
/// start: a run is recorded when it ends, so a 3-hour job started at 22:00 is on time at 01:00. Zero for intervals,
/// which are learned from the times runs ended.</param>
internal sealed record Expectation(
    TimeSpan? Interval,
    Schedule? Schedule,
    TimeSpan Grace,
    ExpectationSource Source,
    RunDays? Days = null,
    DateTimeOffset? NextRun = null,
    TimeSpan UsualDuration = default)
{
    public static Expectation Every(TimeSpan interval, TimeSpan grace, ExpectationSource source, RunDays? days = null) =>
        new(interval, null, grace, source, days);

    public static Expectation On(Schedule schedule, TimeSpan grace, ExpectationSource source, TimeSpan usualDuration = default) =>
        new(null, schedule, grace, source, UsualDuration: usualDuration);

    /// <summary>Due by the next run the source states (it knows its own calendar: monthly, after another job, …).</summary>
    public static Expectation At(DateTimeOffset nextRun, TimeSpan grace, TimeSpan usualDuration) =>
        new(null, null, grace, ExpectationSource.Stated, NextRun: nextRun, UsualDuration: usualDuration);

    /// <summary>The person who reads a miss of this expectation cannot rely on it: nobody set it, the source did not
    /// state it and the history was too short to learn it.</summary>
    public bool IsDefault => Source == ExpectationSource.Default;

    /// <summary>The time by which the next success must have come, counted from the last success (or, when there
    /// never was one, from when the job was first seen). Null when a schedule never fires again.
    /// <list type="bullet">
    /// <item>interval: last + interval, moved past days the job does not run on, + grace;</item>
    /// <item>schedule: the first scheduled time after last, + usual duration + grace;</item>
    /// <item>stated next run: that time + usual duration + grace.</item>
    /// </list></summary>
    public DateTimeOffset? Deadline(DateTimeOffset? lastSuccess, DateTimeOffset firstSeen)
    {
        var from = lastSuccess ?? firstSeen;
        if (NextRun is { } next)
        {
            return next + UsualDuration + Grace;
        }

        if (Schedule is not null)
        {
            return Schedule.NextAfter(from) + UsualDuration + Grace;
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
    /// grace 2 h (set)", "next run 2026-12-08 22:00 UTC, grace 2 h (source)".</summary>
    public string Describe()
    {
        var what = NextRun is { } next
            ? $"next run {next.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)} UTC"
            : Schedule is not null
                ? $"schedule {Schedule.Text}"
                : $"every {DurationText.Format(Interval!.Value)}{(Days is null ? "" : $" on {Days}")}";
        var usual = UsualDuration > TimeSpan.Zero ? $" after its usual {DurationText.Format(UsualDuration)}" : "";
        return $"{what}, grace {DurationText.Format(Grace)}{usual} ({SourceName(Source)})";
    }

    public static string SourceName(ExpectationSource source) => source switch
    {
        ExpectationSource.Set => "set",
        ExpectationSource.Stated => "source",
        ExpectationSource.Learned => "learned",
        _ => "default",
    };
}
