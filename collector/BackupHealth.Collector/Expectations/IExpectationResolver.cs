using BackupHealth.Collector.Rules;

namespace BackupHealth.Collector.Expectations;

/// <summary>Gives each job the expectation in force: set by a person, else learned from its history, else the
/// default.</summary>
internal interface IExpectationResolver
{
    Expectation Resolve(JobSnapshot job);

    /// <param name="runs">The job's runs, newest first (as in <see cref="JobSnapshot.Runs"/>).</param>
    Expectation Resolve(ExpectationSetting? setting, IReadOnlyList<RunRecord> runs);
}
