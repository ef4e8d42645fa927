using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Model;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Health;

/// <summary>All that job health needs of a job's runs, computed once from the runs the alert rules see (newest
/// <see cref="JobSnapshot.MaxRuns"/> within <see cref="JobSnapshot.RunHistory"/>), so it can be cached
/// until the job's history changes.</summary>
/// <param name="Expectation">The expectation learned from these runs, or the default; never a person's setting,
/// which is applied on top (<see cref="JobHealthJudge.Expectation"/>).</param>
/// <param name="LastCompleted">Newest completed run (success or warning): what the deadline counts from.</param>
/// <param name="Decisive">The status of the newest finished run that decides failed/warning/ok
/// (<see cref="JobRuns.Decisive"/>, as the job_failed rule finds it).</param>
/// <param name="VerificationFailed">The newest run that was verified at all failed its verification
/// (<see cref="JobRuns.Verified"/>, as the verification_failed rule finds it).</param>
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
        return new JobHistoryDigest(learnedOrDefault, CompletedRuns.Last(runsNewestFirst), JobRuns.Decisive(runsNewestFirst)?.Status,
            JobRuns.Verified(runsNewestFirst)?.Verification == VerificationState.Failed, CompletedRuns.UsualDuration(runsNewestFirst));
    }
}
