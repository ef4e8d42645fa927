namespace BackupHealth.Collector.Store;

/// <summary>Whether the store takes writes now, for the readiness probe (<c>/health/ready</c>).</summary>
internal interface IStoreReadiness
{
    /// <summary>Null when a small write committed through the store's writer; else why not, in words. Returns (with
    /// the last known reason) when <paramref name="cancellationToken"/> fires before the write committed.</summary>
    Task<string?> ProblemAsync(CancellationToken cancellationToken);
}
