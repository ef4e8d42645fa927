using BackupHealth.Collector.Rules;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Expectations;

internal sealed class ExpectationResolver(IOptions<ExpectationOptions> options) : IExpectationResolver
{
    public Expectation Resolve(JobSnapshot job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Resolve(job.Setting, job.Runs);
    }

    public Expectation Resolve(ExpectationSetting? setting, IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var defaults = options.Value;
        if (setting is not null && FromSetting(setting, defaults.DefaultGrace) is { } set)
        {
            return set;
        }

        return ExpectationLearner.Learn(CompletedRuns.Times(runs))
            ?? Expectation.Every(defaults.DefaultInterval, defaults.DefaultGrace, ExpectationSource.Default);
    }

    /// <summary>A stored schedule was validated when it was set; one that no longer parses (a time zone removed from
    /// the system) falls back to learning rather than silencing the job.</summary>
    private static Expectation? FromSetting(ExpectationSetting setting, TimeSpan defaultGrace)
    {
        var grace = setting.Grace ?? defaultGrace;
        if (setting.Schedule is not null)
        {
            return ScheduleParser.TryParse(setting.Schedule, out var schedule, out _)
                ? Expectation.On(schedule!, grace, ExpectationSource.Set)
                : null;
        }

        return setting.Interval is { } interval && interval > TimeSpan.Zero
            ? Expectation.Every(interval, grace, ExpectationSource.Set)
            : null;
    }
}
