using BackupHealth.Collector.Notify;

namespace BackupHealth.Collector.Store;

/// <summary>Notifications queued inside the evaluator's unit of work (<see cref="IAlertUnitOfWork"/>).</summary>
internal interface INotificationOutbox
{
    /// <summary>The channels that were given a firing change of the alert (sent or still to be sent).</summary>
    IReadOnlySet<string> ChannelsNotifiedOf(long alertId);

    /// <summary>Queues one routed notification, due at once; its id.</summary>
    long Add(RoutedNotification routed, DateTimeOffset now);
}
