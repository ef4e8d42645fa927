using BackupHealth.Collector.Rules;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Expectations;

/// <summary>Runs that produced a backup: successes, and warnings (the backup was made, with a remark — a
/// warning every night is the warnings_repeat rule's business, not a missed backup). A run whose verification failed
/// ran, but left nothing to restore from: it is not a completed backup either (its own alert is verification_failed;
/// job_missed follows only once the next deadline passes without a usable one).</summary>
internal static class CompletedRuns
{
    public static bool IsCompleted(RunRecord run) =>
        run.Status is RunStatus.Success or RunStatus.Warning && run.Verification != VerificationState.Failed;

    public static IEnumerable<DateTimeOffset> Times(IEnumerable<RunRecord> runs) =>
        runs.Where(IsCompleted).Select(r => r.RunTime);

    /// <summary>The newest completed run's time, from runs ordered newest first.</summary>
    public static DateTimeOffset? Last(IEnumerable<RunRecord> runsNewestFirst) =>
        runsNewestFirst.FirstOrDefault(IsCompleted)?.RunTime;
}
