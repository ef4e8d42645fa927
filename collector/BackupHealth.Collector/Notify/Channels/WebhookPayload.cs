using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>The generic webhook body, version 1 (documented in docs/notifications.md). Fields are only ever added;
/// a breaking change would be version 2.</summary>
internal sealed record WebhookPayload(
    int Version,
    long NotificationId,
    string Customer,
    string Site,
    DateTime At,
    IReadOnlyList<WebhookAlert> Alerts)
{
    public const int CurrentVersion = 1;

    public static WebhookPayload From(Delivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var n = delivery.Notification;
        return new WebhookPayload(CurrentVersion, delivery.Id, n.Customer, n.Site, n.At.UtcDateTime,
            [.. NotificationText.Ordered(n.Changes).Select(WebhookAlert.From)]);
    }
}

/// <param name="Key">Stable for the alert's life: open a ticket when <see cref="State"/> is firing, close it when
/// resolved.</param>
internal sealed record WebhookAlert(
    string Key,
    string State,
    string Change,
    string Rule,
    string Subject,
    string Severity,
    string Title,
    string Detail,
    string? Agent,
    string? Job,
    DateTime FiredAt,
    DateTime? ResolvedAt,
    IReadOnlyList<WebhookRun> LastRuns)
{
    public static WebhookAlert From(AlertChange c) => new(
        c.AlertKey, NotificationText.State(c), NotificationText.ChangeName(c.Kind), c.Rule, c.Subject,
        NotificationText.SeverityName(c.Severity), c.Title, c.Detail, c.AgentKey, c.JobName, c.FiredAt.UtcDateTime,
        c.ResolvedAt?.UtcDateTime, [.. c.LastRuns.Select(WebhookRun.From)]);
}

internal sealed record WebhookRun(string Status, DateTime RunTime, DateTime? Start, DateTime? End, long SizeBytes, string Message)
{
    public static WebhookRun From(RunSummary r) =>
        new(StatusNames.Of(r.Status), r.RunTime.UtcDateTime, r.Start?.UtcDateTime, r.End?.UtcDateTime, r.SizeBytes, r.Message);
}
