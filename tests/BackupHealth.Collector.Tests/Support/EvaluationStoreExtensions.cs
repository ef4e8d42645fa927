using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Tests.Support;

internal static class EvaluationStoreExtensions
{
    /// <summary>Queues <paramref name="notification"/> through <paramref name="sink"/> in one unit of work of the
    /// store, as the evaluator does, and commits it.</summary>
    public static Task EnqueueAsync(this IEvaluationStore store, INotificationSink sink, SiteNotification notification) =>
        store.InUnitOfWorkAsync(work =>
        {
            sink.Enqueue(work.Notifications, notification);
            return true;
        }, CancellationToken.None);
}
