namespace BackupHealth.Collector.Store;

/// <summary>What the collector knows of its customers' sites, agents, jobs and runs, for authentication, the API
/// and the pages. Reads never wait for (or hold up) ingest.</summary>
internal interface ICollectorReads
{
    /// <summary>The site whose agent token hashes to <paramref name="tokenHash"/>, unless the token is revoked.</summary>
    Task<SiteIdentity?> FindSiteByTokenHashAsync(string tokenHash, CancellationToken cancellationToken);

    Task<IReadOnlyList<SiteRecord>> GetSitesAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<AgentRecord>> GetAgentsAsync(CancellationToken cancellationToken);

    /// <summary>Every job, or those of one customer and/or site.</summary>
    Task<IReadOnlyList<JobRecord>> GetJobsAsync(string? customer, string? site, CancellationToken cancellationToken);

    /// <summary>The job's runs, newest first; null when there is no such job.</summary>
    Task<IReadOnlyList<StoredRun>?> GetRunsAsync(long jobId, int limit, CancellationToken cancellationToken);
}
