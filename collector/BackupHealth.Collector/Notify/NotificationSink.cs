using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Notify;

/// <summary>Stores one row per routed channel in the evaluator's transaction, then wakes the dispatcher (which waits
/// for that transaction to end before it reads, see <see cref="NotificationStore.TakeDue"/>).</summary>
internal sealed class NotificationSink(NotificationRouter router, NotificationSignal signal, TimeProvider time)
    : INotificationSink
{
    public void Enqueue(SqliteConnection connection, SqliteTransaction transaction, SiteNotification notification)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(notification);
        var routed = router.Route(notification, alertId => NotificationStore.ChannelsNotifiedOf(connection, transaction, alertId));
        if (routed.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var channel in routed)
        {
            NotificationStore.Insert(connection, transaction, channel, now);
        }

        signal.Set();
    }
}
