using BackupHealth.Collector.Model;
using BackupHealth.Collector.Notify.Links;
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

    /// <summary>This collector's instance id: alerts of two collectors posting to one receiver never share a
    /// <see cref="WebhookAlert.UniqueKey"/>.</summary>
    public string Instance { get; init; } = "";

    public long SiteId { get; init; }

    /// <summary>The site's status grid; null without <c>Collector:PublicUrl</c>.</summary>
    public string? SiteUrl { get; init; }

    /// <param name="instance">This collector's id (<see cref="MessageContext.InstanceId"/>).</param>
    public static WebhookPayload From(Delivery delivery, MessageContext context, string instance)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(context);
        var n = delivery.Notification;
        var zone = context.Zones.Of(n.Customer);
        return new WebhookPayload(CurrentVersion, delivery.Id, n.Customer, n.Site, n.At.UtcDateTime,
            [.. NotificationText.Ordered(n.Changes).Select(c => WebhookAlert.From(c, instance, zone, context.Links))])
        {
            Instance = instance,
            SiteId = n.SiteId,
            SiteUrl = context.Links.Site(n.SiteId)?.AbsoluteUri,
        };
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
    // Added within version 1: what a PSA ticket needs to be acted on without opening the collector.

    public long AlertId { get; init; }

    /// <summary><c>bh-&lt;instance&gt;-&lt;alert id&gt;</c>: <see cref="Key"/> made unique across collectors.</summary>
    public string UniqueKey { get; init; } = "";

    /// <summary>The same on every channel told of this change (<see cref="AlertChange.EventId"/>).</summary>
    public string? EventId { get; init; }

    public long? JobId { get; init; }

    public string? Host { get; init; }

    public string? SourceKind { get; init; }

    public string? Location { get; init; }

    public string? What { get; init; }

    /// <summary>The rule's next step for this product and host; null once resolved.</summary>
    public string? NextStep { get; init; }

    public DateTime Since { get; init; }

    public DateTime? LastSuccess { get; init; }

    public DateTime? LastHeard { get; init; }

    public DateTime? DueBy { get; init; }

    public string? Url { get; init; }

    public string? JobUrl { get; init; }

    public string? AcknowledgedBy { get; init; }

    public string? AcknowledgeComment { get; init; }

    public string? ResolvedBy { get; init; }

    public string? ResolveComment { get; init; }

    /// <summary>Why it resolved (<see cref="NotificationText.Why"/>); null unless resolved.</summary>
    public string? Resolution { get; init; }

    /// <summary>Who resolved it before the condition came back; null unless it re-opens a person's resolve.</summary>
    public string? ReopenedFrom { get; init; }

    public static WebhookAlert From(AlertChange c, string instance, TimeZoneInfo zone, NotificationLinks links)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(links);
        return new(
            c.AlertKey, NotificationText.State(c), NotificationText.ChangeName(c.Kind), c.Rule, c.Subject,
            NotificationText.SeverityName(c.Severity), c.Title, c.Detail, c.AgentKey, c.JobName, c.FiredAt.UtcDateTime,
            c.ResolvedAt?.UtcDateTime, [.. c.LastRuns.Select(WebhookRun.From)])
        {
            AlertId = c.AlertId,
            UniqueKey = FormattableString.Invariant($"bh-{instance}-{c.AlertId}"),
            EventId = c.EventId.Length > 0 ? c.EventId : null,
            JobId = c.JobId,
            Host = c.HostName,
            SourceKind = c.SourceKind,
            Location = c.Location,
            What = NotificationText.What(c),
            NextStep = c.Kind == AlertChangeKind.Resolved ? null : NotificationText.NextStep(c, zone),
            Since = NotificationText.Since(c).UtcDateTime,
            LastSuccess = c.LastSuccess?.UtcDateTime,
            LastHeard = c.LastHeard?.UtcDateTime,
            DueBy = c.DueBy?.UtcDateTime,
            Url = links.Alert(c.AlertId)?.AbsoluteUri,
            JobUrl = links.Job(c.JobId)?.AbsoluteUri,
            AcknowledgedBy = c.AcknowledgedBy,
            AcknowledgeComment = c.AcknowledgeComment,
            ResolvedBy = c.ResolvedBy,
            ResolveComment = c.ResolveComment,
            Resolution = NotificationText.Why(c, zone),
            ReopenedFrom = c.Reopens?.ResolvedBy,
        };
    }
}

internal sealed record WebhookRun(string Status, DateTime RunTime, DateTime? Start, DateTime? End, long SizeBytes, string Message)
{
    public static WebhookRun From(RunSummary r) =>
        new(StatusNames.Of(r.Status), r.RunTime.UtcDateTime, r.Start?.UtcDateTime, r.End?.UtcDateTime, r.SizeBytes, r.Message);
}
