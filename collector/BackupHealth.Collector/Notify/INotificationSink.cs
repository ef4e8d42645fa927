using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Notify;

/// <summary>Where the alert evaluator hands its notifications. It is called inside the evaluator's unit of work, so
/// a notification is stored together with the alert changes it reports — never one without the other — and is
/// delivered afterwards, durably, by the notifier.</summary>
internal interface INotificationSink
{
    void Enqueue(INotificationOutbox outbox, SiteNotification notification);
}
