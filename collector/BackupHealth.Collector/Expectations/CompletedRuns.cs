using BackupHealth.Collector.Model;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Expectations;

/// <summary>Runs that produced a backup: successes, and warnings (the backup was made, with a remark — a
/// warning every night is the warnings_repeat rule's business, not a missed backup). A run whose verification failed
/// counts too: the job ran when it should, and what it wrote being unusable is one fact with one alert,
/// verification_failed (critical, firing until a later run passes verification) — not job_missed hours later as well.</summary>
internal static class CompletedRuns
{
    public static bool IsCompleted(RunRecord run) => run.Status is RunStatus.Success or RunStatus.Warning;

    /// <summary>A completed run whose backup was not found corrupt: what the size and duration of a backup are
    /// judged on, and what protects a VM for coverage (nothing can be restored from a corrupt one).</summary>
    public static bool IsUsable(RunRecord run) => IsCompleted(run) && run.Verification != VerificationState.Failed;

    public static IEnumerable<DateTimeOffset> Times(IEnumerable<RunRecord> runs) =>
        runs.Where(IsCompleted).Select(r => r.RunTime);

    /// <summary>The newest completed run's time, from runs ordered newest first.</summary>
    public static DateTimeOffset? Last(IEnumerable<RunRecord> runsNewestFirst) =>
        runsNewestFirst.FirstOrDefault(IsCompleted)?.RunTime;

    /// <summary>The newest usable run's time (<see cref="IsUsable"/>), from runs ordered newest first.</summary>
    public static DateTimeOffset? LastUsable(IEnumerable<RunRecord> runsNewestFirst) =>
        runsNewestFirst.FirstOrDefault(IsUsable)?.RunTime;

    /// <summary>Completed runs looked at for the usual duration.</summary>
    public const int UsualDurationRuns = 10;

    /// <summary>The median duration of the newest completed runs that have one; zero when none has.</summary>
    public static TimeSpan UsualDuration(IEnumerable<RunRecord> runsNewestFirst)
    {
        var durations = runsNewestFirst.Where(IsCompleted).Select(r => r.Duration).OfType<TimeSpan>()
            .Where(d => d > TimeSpan.Zero).Take(UsualDurationRuns).Order().ToList();
        if (durations.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var middle = durations.Count / 2;
        return durations.Count % 2 == 1 ? durations[middle] : (durations[middle - 1] + durations[middle]) / 2;
    }
}
