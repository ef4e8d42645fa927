using BackupHealth.Collector.Notify;

namespace BackupHealth.Collector.Store;

/// <summary>The queued notifications the dispatcher delivers. A due row is claimed by one owner for a lease, so that
/// dispatchers side by side never take the same row; a claim whose owner died runs out and the row is due again.
/// Every write throws <see cref="StoreUnavailableException"/> when it was not stored.</summary>
internal interface INotificationQueue
{
    /// <summary>Claims up to <paramref name="limit"/> pending rows due at <paramref name="now"/> and not claimed by
    /// anyone else (or whose claim ran out), oldest first, for <paramref name="owner"/> until now +
    /// <paramref name="lease"/>. Sees every row queued by a unit of work that committed before it.</summary>
    Task<IReadOnlyList<DueNotification>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int limit);

    Task MarkSentAsync(long id, int attempts, DateTimeOffset now);

    Task MarkRetryAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string error);

    Task MarkFailedAsync(long id, int attempts, string error);

    /// <summary>Gives back <paramref name="owner"/>'s claims of rows it did not get to (a dispatcher stopping): they
    /// are due again at once instead of when the lease runs out.</summary>
    Task ReleaseAsync(string owner, IEnumerable<long> ids);

    /// <summary>Puts a failed notification back in the queue with a fresh set of attempts.</summary>
    Task<RequeueResult> RequeueAsync(long id, DateTimeOffset now);

    /// <summary>Newest first; every state when <paramref name="state"/> is null.</summary>
    Task<IReadOnlyList<NotificationRecord>> ListAsync(string? state, int limit, CancellationToken cancellationToken);
}
