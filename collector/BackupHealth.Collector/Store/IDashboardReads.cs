namespace BackupHealth.Collector.Store;

/// <summary>What the dashboard's pages and the job API read: a view of the store as of one point in time, so the
/// counts, jobs and runs of one page agree with each other. Never holds up ingest.</summary>
internal interface IDashboardReads
{
    /// <summary>Opens a view: every read through it sees the store at one point in time (at the latest, that of its
    /// first read), whatever is written meanwhile.</summary>
    Task<IDashboardView> OpenViewAsync(CancellationToken cancellationToken);
}
