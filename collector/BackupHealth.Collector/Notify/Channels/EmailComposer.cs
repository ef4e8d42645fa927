using System.Globalization;
using System.Net;
using System.Text;
using BackupHealth.Collector.Store;
using MimeKit;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>Writes the e-mail: subject <c>[BackupHealth] CRITICAL Contoso Ltd / Head office: SQL01 nightly failed (+2
/// more)</c>, a plain-text body and the same as simple HTML (every value HTML-encoded), listing each alert with its
/// rule, detail, times and last runs.</summary>
internal static class EmailComposer
{
    public const string SubjectPrefix = "[BackupHealth] ";
    public const string NotificationIdHeader = "X-BackupHealth-Notification";

    public static MimeMessage Compose(Delivery delivery, ChannelOptions channel)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(channel);
        var from = MailboxAddress.Parse(channel.From.Trim());
        var message = new MimeMessage { Subject = SubjectPrefix + NotificationText.Headline(delivery.Notification) };
        message.From.Add(from);
        message.To.AddRange(channel.To.Select(t => MailboxAddress.Parse(t.Trim())));
        message.Date = delivery.Notification.At;

        // The same notification sent twice (see the idempotency note in docs/notifications.md) has the same id, which
        // lets mail systems and people see it is one.
        message.MessageId = FormattableString.Invariant($"{delivery.IdempotencyKey}@{from.Domain}");
        message.Headers.Add(NotificationIdHeader, delivery.Id.ToString(CultureInfo.InvariantCulture));
        message.Body = new BodyBuilder { TextBody = Text(delivery), HtmlBody = Html(delivery) }.ToMessageBody();
        return message;
    }

    public static string Text(Delivery delivery)
    {
        var n = delivery.Notification;
        var changes = NotificationText.Ordered(n.Changes);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{n.Customer} / {n.Site}: {Count(changes.Count)} at {NotificationText.Time(n.At)}").Append("\n\n");
        foreach (var c in changes)
        {
            text.Append(CultureInfo.InvariantCulture, $"{NotificationText.SeverityLabel(c.Severity)} {NotificationText.ChangeLabel(c.Kind)}: {NotificationText.OneLine(c.Title)}\n");
            foreach (var (label, value) in Facts(c))
            {
                text.Append(CultureInfo.InvariantCulture, $"  {label + ":",-13}{value}\n");
            }

            if (c.LastRuns.Count > 0)
            {
                text.Append("  Last runs:\n");
                text.Append(CultureInfo.InvariantCulture, $"    {"Status",-9}{"Time",-22}{"Size",11}  Message\n");
                foreach (var r in c.LastRuns)
                {
                    text.Append(CultureInfo.InvariantCulture,
                        $"    {StatusNames.Of(r.Status),-9}{NotificationText.Time(r.RunTime),-22}{NotificationText.Size(r.SizeBytes),11}  {NotificationText.OneLine(r.Message)}\n");
                }
            }

            text.Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"-- \nBackupHealth notification {delivery.Id}\n");
        return text.ToString();
    }

    public static string Html(Delivery delivery)
    {
        var n = delivery.Notification;
        var changes = NotificationText.Ordered(n.Changes);
        var html = new StringBuilder("<!DOCTYPE html>\n<html><body style=\"font-family:sans-serif\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<p>{E(n.Customer)} / {E(n.Site)}: {Count(changes.Count)} at {E(NotificationText.Time(n.At))}</p>\n");
        foreach (var c in changes)
        {
            var color = !NotificationText.IsFiring(c) ? "#2e7d32" : c.Severity == Rules.AlertSeverity.Critical ? "#c62828" : "#ef6c00";
            html.Append(CultureInfo.InvariantCulture,
                $"<h3 style=\"color:{color}\">{E(NotificationText.SeverityLabel(c.Severity))} {E(NotificationText.ChangeLabel(c.Kind))}: {E(c.Title)}</h3>\n<table>\n");
            foreach (var (label, value) in Facts(c))
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><th align=\"left\">{E(label)}</th><td>{E(value)}</td></tr>\n");
            }

            html.Append("</table>\n");
            if (c.LastRuns.Count > 0)
            {
                html.Append("<table border=\"1\" cellpadding=\"4\" style=\"border-collapse:collapse\">\n<tr><th>Status</th><th>Time</th><th>Size</th><th>Message</th></tr>\n");
                foreach (var r in c.LastRuns)
                {
                    html.Append(CultureInfo.InvariantCulture,
                        $"<tr><td>{E(StatusNames.Of(r.Status))}</td><td>{E(NotificationText.Time(r.RunTime))}</td><td align=\"right\">{E(NotificationText.Size(r.SizeBytes))}</td><td>{E(r.Message)}</td></tr>\n");
                }

                html.Append("</table>\n");
            }
        }

        html.Append(CultureInfo.InvariantCulture, $"<p style=\"color:#777\">BackupHealth notification {delivery.Id}</p>\n</body></html>\n");
        return html.ToString();
    }

    private static List<(string Label, string Value)> Facts(AlertChange c)
    {
        var facts = new List<(string, string)> { ("Rule", c.Rule) };
        if (!string.IsNullOrWhiteSpace(c.Detail))
        {
            facts.Add(("Detail", NotificationText.OneLine(c.Detail)));
        }

        if (c.AgentKey is not null)
        {
            facts.Add(("Agent", c.AgentKey));
        }

        if (c.JobName is not null)
        {
            facts.Add(("Job", NotificationText.OneLine(c.JobName)));
        }

        facts.Add(("Fired at", NotificationText.Time(c.FiredAt)));
        if (c.ResolvedAt is { } resolved)
        {
            facts.Add(("Resolved at", NotificationText.Time(resolved)));
        }

        return facts;
    }

    private static string Count(int alerts) => alerts == 1 ? "1 alert" : string.Create(CultureInfo.InvariantCulture, $"{alerts} alerts");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
