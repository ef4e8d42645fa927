using System.Globalization;
using BackupHealth.Collector.Notify.Links;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>What one e-mail says, before it is written as text or HTML: the subject, an opening line (where, how many,
/// when), how to get links when <c>Collector:PublicUrl</c> is not set (said once), and the alerts in
/// <see cref="NotificationText.Ordered"/> order, listed in a summary table first when there are several.</summary>
internal sealed record EmailMail(string Subject, string Where, string Count, string At, string? HowToLink, IReadOnlyList<EmailAlert> Alerts)
{
    public bool HasSummary => Alerts.Count > 1;

    /// <summary>"Contoso Ltd / Head office: 3 alerts at 2025-06-01 14:00 +02:00 (12:00 UTC)".</summary>
    public string Intro => $"{Where}: {Count} at {At}";

    public static EmailMail Of(Delivery delivery, MessageContext context)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(context);
        var n = delivery.Notification;
        var alerts = NotificationText.Ordered(n.Changes).Select(c => EmailAlert.Of(n, c, context)).ToList();
        return new EmailMail(
            EmailComposer.SubjectPrefix + NotificationText.Headline(n),
            NotificationText.OneLine($"{n.Customer} / {n.Site}"),
            alerts.Count == 1 ? "1 alert" : string.Create(CultureInfo.InvariantCulture, $"{alerts.Count} alerts"),
            NotificationText.Time(n.At, context.Zones.Of(n.Customer)),
            context.Links.Configured || alerts.Count == 0 ? null : NotificationLinks.HowToSet,
            alerts);
    }
}
