using System.Globalization;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Notify.Links;
using MimeKit;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>Writes the e-mail: subject <c>[BackupHealth] CRITICAL 2 firing at Contoso Ltd / Head office: SQL01 failed,
/// FS01 missed</c>, a plain-text part (<see cref="EmailText"/>) and an HTML part (<see cref="EmailHtml"/>) saying the
/// same, the thread headers (<see cref="EmailThread"/>), and headers that tell mail systems what the mail is: sent by a
/// program (so no out-of-office reply), urgent when something critical fires.</summary>
internal static class EmailComposer
{
    public const string SubjectPrefix = "[BackupHealth] ";
    public const string NotificationIdHeader = "X-BackupHealth-Notification";

    /// <summary>The <see cref="AlertChange.EventId"/> of the first alert: what the other channels name the same event.</summary>
    public const string EventIdHeader = "X-BackupHealth-Event";

    public static MimeMessage Compose(Delivery delivery, ChannelOptions channel, MessageContext context)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(context);
        var from = MailboxAddress.Parse(channel.From.Trim());
        var mail = EmailMail.Of(delivery, context);
        var changes = mail.Alerts.Select(a => a.Change).ToList();
        var message = new MimeMessage { Subject = mail.Subject };
        message.From.Add(from);
        message.To.AddRange(channel.To.Select(t => MailboxAddress.Parse(t.Trim())));
        message.Date = delivery.Notification.At;
        EmailThread.Apply(message, delivery, changes, channel.Name, from.Domain);

        // RFC 3834: a program wrote it; auto-responders (out of office) do not answer it.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        Urgency(message, changes.Any(c => NotificationText.IsFiring(c) && c.Severity == AlertSeverity.Critical));
        message.Headers.Add(NotificationIdHeader, delivery.Id.ToString(CultureInfo.InvariantCulture));
        if (changes.Count > 0 && !string.IsNullOrWhiteSpace(changes[0].EventId))
        {
            message.Headers.Add(EventIdHeader, NotificationText.OneLine(changes[0].EventId));
        }

        message.Body = new BodyBuilder { TextBody = EmailText.Of(delivery, mail), HtmlBody = EmailHtml.Of(delivery, mail) }.ToMessageBody();
        return message;
    }

    /// <summary>A critical alert that fires is marked urgent in the three ways mail programs read (Outlook
    /// <c>Importance</c>, <c>X-Priority</c>, RFC 2156 <c>Priority</c>); everything else is normal.</summary>
    private static void Urgency(MimeMessage message, bool urgent)
    {
        message.Importance = urgent ? MessageImportance.High : MessageImportance.Normal;
        message.Priority = urgent ? MessagePriority.Urgent : MessagePriority.Normal;
        message.XPriority = urgent ? XMessagePriority.Highest : XMessagePriority.Normal;
    }
}
