namespace BackupHealth.Collector.Alerts.Handling;

/// <summary>One notification that told of an alert: the channel, what it said (fired, repeated, released, resolved)
/// and whether it went out.</summary>
internal sealed record AlertNotificationRow(string Channel, string Change, string State, DateTime CreatedAt, DateTime? SentAt);
