using BackupHealth.Collector.Model;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Expectations;

internal sealed class ExpectationResolver(IOptions<ExpectationOptions> options) : IExpectationResolver
{
    public Expectation Resolve(JobSnapshot job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Resolve(job.Setting, job.Runs, job.Listing?.Stated);
    }

    public Expectation Resolve(ExpectationSetting? setting, IReadOnlyList<RunRecord> runs, StatedSchedule? stated = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var defaults = options.Value;
        var usual = CompletedRuns.UsualDuration(runs);
        if (setting is not null && FromSetting(setting, defaults.DefaultGrace, usual) is { } set)
        {
            return set;
        }

        return FromStated(stated, CompletedRuns.Last(runs), usual)
            ?? ExpectationLearner.Learn(CompletedRuns.Times(runs))
            ?? Expectation.Every(defaults.DefaultInterval, defaults.DefaultGrace, ExpectationSource.Default);
    }

    /// <summary>A stated schedule or interval gets the grace a learned one of the same rhythm would get; a stated next
    /// run the default grace.</summary>
    public Expectation? FromStated(StatedSchedule? stated, DateTimeOffset? lastSuccess, TimeSpan usualDuration)
    {
        if (stated is null)
        {
            return null;
        }

        if (stated.Schedule is { } schedule && Period(schedule, lastSuccess) is { } period)
        {
            return Expectation.On(schedule, ExpectationLearner.GraceFor(period), ExpectationSource.Stated, usualDuration);
        }

        if (stated.Interval is { } interval)
        {
            return Expectation.Every(interval, ExpectationLearner.GraceFor(interval), ExpectationSource.Stated);
        }

        return stated.NextRun is { } next && (lastSuccess is null || next > lastSuccess)
            ? Expectation.At(next, options.Value.DefaultGrace, usualDuration)
            : null;
    }

    /// <summary>The gap between the schedule's next two times; null when it does not fire twice more.</summary>
    private static TimeSpan? Period(Schedule schedule, DateTimeOffset? from)
    {
        var start = from ?? DateTimeOffset.UnixEpoch;
        return schedule.NextAfter(start) is { } first && schedule.NextAfter(first) is { } second ? second - first : null;
    }

    /// <summary>A stored schedule was validated when it was set; one that no longer parses (a time zone removed from
    /// the system) falls back to learning rather than silencing the job.</summary>
    private static Expectation? FromSetting(ExpectationSetting setting, TimeSpan defaultGrace, TimeSpan usualDuration)
    {
        var grace = setting.Grace ?? defaultGrace;
        if (setting.Schedule is not null)
        {
            return ScheduleParser.TryParse(setting.Schedule, out var schedule, out _)
                ? Expectation.On(schedule!, grace, ExpectationSource.Set, usualDuration)
                : null;
        }

        return setting.Interval is { } interval && interval > TimeSpan.Zero
            ? Expectation.Every(interval, grace, ExpectationSource.Set)
            : null;
    }
}
