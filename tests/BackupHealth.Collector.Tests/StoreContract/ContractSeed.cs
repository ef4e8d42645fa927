namespace BackupHealth.Collector.Tests.StoreContract;

/// <summary>What the contract needs in a store that no store interface writes yet (jobs and inventories come in by
/// ingest, which is not behind the seam yet): each backend puts it there its own way.</summary>
internal interface IContractSeed
{
    /// <summary>A job of a new agent of the site; its id.</summary>
    long AddJob(long siteId, string name);

    /// <summary>An inventory of the site has reported the VM with this item id.</summary>
    void SeeVm(long siteId, string itemId);

    /// <summary>A run of the job that ended at <paramref name="end"/> (started 10 minutes before, verification detail
    /// empty); <paramref name="superseded"/>: a later report of the same run replaced it.</summary>
    void AddRun(long jobId, string status, DateTimeOffset end, bool willRetry = false, string message = "done", string verification = "passed",
        bool superseded = false);
}
