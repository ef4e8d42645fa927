namespace BackupHealth.Collector.Notify.Channels;

/// <summary>Renders and sends one notification in the shape its receiver takes. Throws on failure; whether that is
/// retried is decided by <see cref="DeliveryErrors"/>.</summary>
internal interface INotificationChannel
{
    string Name { get; }

    Task SendAsync(Delivery delivery, CancellationToken cancellationToken);
}

/// <summary>One stored notification to send. <see cref="Id"/> is the row id: receivers see it as the notification id
/// and in the idempotency key.</summary>
internal sealed record Delivery(long Id, SiteNotification Notification)
{
    /// <summary>The notification as every channel shows it: <see cref="BidiFreeNotification"/>.</summary>
    public SiteNotification Notification { get; init; } = BidiFreeNotification.Of(Notification);

    public string IdempotencyKey => FormattableString.Invariant($"bh-notification-{Id}");
}
