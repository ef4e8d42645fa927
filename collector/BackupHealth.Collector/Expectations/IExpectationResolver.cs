using BackupHealth.Collector.Model;

namespace BackupHealth.Collector.Expectations;

/// <summary>Gives each job the expectation in force: set by a person, else stated by its source, else learned from
/// its history, else the default.</summary>
internal interface IExpectationResolver
{
    Expectation Resolve(JobSnapshot job);

    /// <param name="runs">The job's runs, newest first (as in <see cref="JobSnapshot.Runs"/>).</param>
    /// <param name="stated">What the job's source says of its schedule, from the probe's job listing.</param>
    Expectation Resolve(ExpectationSetting? setting, IReadOnlyList<RunRecord> runs, StatedSchedule? stated = null);

    /// <summary>The expectation the source states, or null when it states none that applies now (a stated next run
    /// not after the last success is stale).</summary>
    Expectation? FromStated(StatedSchedule? stated, DateTimeOffset? lastSuccess, TimeSpan usualDuration);
}
