using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Dashboard.Grid;

/// <summary>One run as the grid needs it.</summary>
/// <param name="Time">What orders runs: end, else start, else observed, else received (observations.run_time).</param>
internal sealed record GridRun(DateTimeOffset Time, RunStatus Status, bool WillRetry = false)
{
    public bool IsCompleted => Status is RunStatus.Success or RunStatus.Warning;
}
