namespace BackupHealth.Collector.Store;

/// <summary>What the dashboard's pages and the job API read: a view of the store as of one point in time, so the
/// counts, jobs and runs of one page agree with each other. Never holds up ingest.</summary>
internal interface IDashboardReads
{
    /// <summary>Opens a view; every read through it sees the store as it was when the view was opened.</summary>
    Task<IDashboardView> OpenViewAsync(CancellationToken cancellationToken);
}
