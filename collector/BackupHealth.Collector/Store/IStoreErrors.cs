namespace BackupHealth.Collector.Store;

/// <summary>Tells a failure of the store (a full disk, a read-only or broken file, a lock held too long) from a
/// failure of the request, for the backend's own exceptions.</summary>
internal interface IStoreErrors
{
    /// <summary>Why the store failed, when <paramref name="exception"/> means it did; null when it is not the store's.</summary>
    string? WhyUnavailable(Exception exception);
}
