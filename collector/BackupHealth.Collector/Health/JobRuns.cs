using BackupHealth.Collector.Model;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Health;

/// <summary>Which of a job's runs speak for it, read one way for the alert rules and the dashboard alike (the job_failed
/// and verification_failed rules, <see cref="JobHistoryDigest"/>). Runs are given newest first.</summary>
internal static class JobRuns
{
    /// <summary>The newest finished run that decides failed, warning or ok. A failure the source will retry does not
    /// decide on its own: the run before it stands until the retry reports. Null when no finished run decides.</summary>
    public static RunRecord? Decisive(IEnumerable<RunRecord> runsNewestFirst) =>
        runsNewestFirst.FirstOrDefault(r => r.Status != RunStatus.Running && !IsPendingRetry(r));

    /// <summary>A failed run its source will retry (<c>will_retry</c>).</summary>
    public static bool IsPendingRetry(RunRecord run) => run.Status == RunStatus.Failed && run.WillRetry;

    /// <summary>The newest run that was verified at all (passed or failed); unverified runs change nothing.</summary>
    public static RunRecord? Verified(IEnumerable<RunRecord> runsNewestFirst) =>
        runsNewestFirst.FirstOrDefault(r => r.Verification is VerificationState.Passed or VerificationState.Failed);
}
