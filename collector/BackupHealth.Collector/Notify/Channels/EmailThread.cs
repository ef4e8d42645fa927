using System.Globalization;
using System.Text;
using MimeKit;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>Keeps every mail about one alert in one thread of the reader's mail program: each alert has a thread root
/// id, <c>bh-alert-&lt;alert id&gt;.&lt;channel&gt;@&lt;sender domain&gt;</c>. The mail that announces a newly fired alert
/// alone is that root (its Message-ID), so the reminder, the acknowledgement and the resolve that follow reply to a
/// real message; every other mail names the roots of all its alerts in <c>References</c> and the first one in
/// <c>In-Reply-To</c>. The channel is part of the id because two e-mail channels may reach one mailbox, and their
/// two copies of a mail are two messages.</summary>
internal static class EmailThread
{
    /// <summary>Sets Message-ID, <c>In-Reply-To</c> and <c>References</c> for the alerts of the mail, in the order it
    /// shows them.</summary>
    public static void Apply(MimeMessage message, Delivery delivery, IReadOnlyList<AlertChange> changes, string channel, string domain)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(changes);
        var roots = changes.Select(c => Root(c.AlertId, channel, domain)).Distinct().ToList();
        if (changes.Count == 1 && changes[0].Kind == AlertChangeKind.Fired)
        {
            // The thread's first message: it replies to nothing. Sent twice, it keeps this id, as every mail does.
            message.MessageId = roots[0];
            return;
        }

        // The same notification sent twice (see the idempotency note in docs/notifications.md) has the same id, which
        // lets mail systems and people see it is one.
        message.MessageId = string.Create(CultureInfo.InvariantCulture, $"{delivery.IdempotencyKey}@{domain}");
        if (roots.Count > 0)
        {
            message.InReplyTo = roots[0];
            message.References.AddRange(roots);
        }
    }

    /// <summary>The id of the alert's thread on this channel (without angle brackets, as MimeKit takes it).</summary>
    public static string Root(long alertId, string channel, string domain) =>
        string.Create(CultureInfo.InvariantCulture, $"bh-alert-{alertId}.{Sanitised(channel)}@{domain}");

    /// <summary>The channel name as a Message-ID may hold it: lowercase ASCII letters, digits and <c>-</c>, anything
    /// else made a <c>-</c> (names are case-insensitive, so <c>NOC-Mail</c> and <c>noc-mail</c> are one).</summary>
    public static string Sanitised(string channel)
    {
        var name = new StringBuilder();
        foreach (var ch in (channel ?? "").Trim().ToLowerInvariant())
        {
            name.Append(ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' ? ch : '-');
        }

        return name.Length == 0 ? "email" : name.ToString();
    }
}
