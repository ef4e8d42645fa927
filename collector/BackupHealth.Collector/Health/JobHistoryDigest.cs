using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Rules;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Dashboard.Health;

/// <summary>All that job health needs of a job's runs, computed once from the runs the alert rules see (newest
/// <see cref="JobSnapshot.MaxRuns"/> within <see cref="JobSnapshot.RunHistory"/>), so it can be cached
/// until the job's history changes.</summary>
/// <param name="Expectation">The expectation learned from these runs, or the default; never a person's setting,
/// which is applied on top (<see cref="JobHealthJudge.Expectation"/>).</param>
/// <param name="LastCompleted">Newest completed run (success or warning): what the deadline counts from.</param>
/// <param name="Decisive">The newest finished run that decides failed/warning/ok: a failure the source will retry
/// does not decide on its own (as in the job_failed rule).</param>
/// <param name="VerificationFailed">The newest run that was verified at all failed its verification (as in the
/// verification_failed rule).</param>
/// <param name="UsualDuration">How long the job's recent runs took (<see cref="CompletedRuns.UsualDuration"/>).</param>
internal sealed record JobHistoryDigest(
    Expectation Expectation,
    DateTimeOffset? LastCompleted,
    RunStatus? Decisive,
    bool VerificationFailed,
    TimeSpan UsualDuration = default)
{
    /// <param name="runsNewestFirst">The job's runs, newest first.</param>
    /// <param name="learnedOrDefault">The resolver's expectation for these runs without a setting.</param>
    public static JobHistoryDigest Of(IReadOnlyList<RunRecord> runsNewestFirst, Expectation learnedOrDefault)
    {
        ArgumentNullException.ThrowIfNull(runsNewestFirst);
        var decisive = runsNewestFirst.FirstOrDefault(r => r.Status != RunStatus.Running && !(r.Status == RunStatus.Failed && r.WillRetry));
        var verified = runsNewestFirst.FirstOrDefault(r => r.Verification is VerificationState.Passed or VerificationState.Failed);
        return new JobHistoryDigest(learnedOrDefault, CompletedRuns.Last(runsNewestFirst), decisive?.Status,
            verified?.Verification == VerificationState.Failed, CompletedRuns.UsualDuration(runsNewestFirst));
    }
}
