namespace BackupHealth.Collector.Store;

/// <summary>Tells whoever listens (the live pages) that something they show may have changed: observations or
/// agent state committed, alerts opened, resolved or worked. Carries no data; listeners re-read.</summary>
internal sealed class ChangeFeed
{
    private long _version;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Grows by one with every change.</summary>
    public long Version => Interlocked.Read(ref _version);

    public void Publish()
    {
        Interlocked.Increment(ref _version);
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Completes at the next <see cref="Publish"/> after this call.</summary>
    public Task NextAsync(CancellationToken cancellationToken) => Volatile.Read(ref _next).Task.WaitAsync(cancellationToken);

    /// <summary>Publishes once <paramref name="committed"/> has completed successfully.</summary>
    public async Task<T> AfterAsync<T>(Task<T> committed)
    {
        ArgumentNullException.ThrowIfNull(committed);
        var result = await committed.ConfigureAwait(false);
        Publish();
        return result;
    }
}
