using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Notify;

/// <summary>Queues one row per routed channel in the evaluator's unit of work, then wakes the dispatcher (whose claim
/// waits for that unit of work to end before it reads, see <see cref="INotificationQueue.ClaimDue"/>).</summary>
internal sealed class NotificationSink(NotificationRouter router, NotificationSignal signal, TimeProvider time)
    : INotificationSink
{
    public void Enqueue(INotificationOutbox outbox, SiteNotification notification)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(notification);
        var routed = router.Route(notification, outbox.ChannelsNotifiedOf);
        if (routed.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var channel in routed)
        {
            outbox.Add(channel, now);
        }

        signal.Set();
    }
}
