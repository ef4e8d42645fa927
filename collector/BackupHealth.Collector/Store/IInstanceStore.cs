namespace BackupHealth.Collector.Store;

/// <summary>The collector's own id, kept with its data (one per database, shared by every instance on it).</summary>
internal interface IInstanceStore
{
    /// <summary>The stored id; the first call stores <paramref name="candidate"/> and returns it. Two first calls at once
    /// both get the same one.</summary>
    Task<string> InstanceIdAsync(string candidate);
}
