namespace BackupHealth.Collector.Notify;

/// <summary>A pending notification whose time has come, claimed by this dispatcher; <see cref="Payload"/> is the
/// routed SiteNotification as JSON.</summary>
internal sealed record DueNotification(long Id, string Channel, string Payload, int Attempts);

/// <summary>One row as the API shows it.</summary>
internal sealed record NotificationRecord(
    long Id, string Channel, string Customer, string Site, DateTime CreatedAt, string State, int Attempts,
    DateTime? NextAttemptAt, string? LastError, DateTime? SentAt, string Summary);

internal enum RequeueResult
{
    Requeued,
    NotFound,
    NotFailed,
}
