namespace BackupHealth.Collector.Notify;

/// <summary>One notification as the API shows it. <see cref="NextAttemptAt"/> is set only while pending.</summary>
internal sealed record NotificationDto(
    long Id, string Channel, string Site, string Customer, DateTime CreatedAt, string State, int Attempts,
    DateTime? NextAttemptAt, string? LastError, DateTime? SentAt, string Summary);
