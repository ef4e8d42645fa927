using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Dashboard.Grid;

/// <summary>One run as the grid needs it.</summary>
/// <param name="Time">What orders runs: end, else start, else observed, else received (observations.run_time).</param>
/// <param name="VerificationFailed">The run ended, but what it wrote failed its verification: its day is a failed one
/// (as the job's health word); for the missed-day replay it still ran, as for the job_missed rule.</param>
internal sealed record GridRun(DateTimeOffset Time, RunStatus Status, bool WillRetry = false, bool VerificationFailed = false)
{
    public bool IsCompleted => Status is RunStatus.Success or RunStatus.Warning;
}
