using BackupHealth.Collector.Rules;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Expectations;

/// <summary>Runs that produced a backup: successes, and warnings (the backup was made, with a remark — a
/// warning every night is the warnings_repeat rule's business, not a missed backup).</summary>
internal static class CompletedRuns
{
    public static bool IsCompleted(RunRecord run) => run.Status is RunStatus.Success or RunStatus.Warning;

    public static IEnumerable<DateTimeOffset> Times(IEnumerable<RunRecord> runs) =>
        runs.Where(IsCompleted).Select(r => r.RunTime);

    /// <summary>The newest completed run's time, from runs ordered newest first.</summary>
    public static DateTimeOffset? Last(IEnumerable<RunRecord> runsNewestFirst) =>
        runsNewestFirst.FirstOrDefault(IsCompleted)?.RunTime;
}
