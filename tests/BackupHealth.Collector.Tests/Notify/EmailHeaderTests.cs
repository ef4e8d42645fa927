using BackupHealth.Collector.Model;
using BackupHealth.Collector.Notify;
using BackupHealth.Testing;
using MimeKit;
using static BackupHealth.Collector.Tests.Notify.SampleNotifications;

namespace BackupHealth.Collector.Tests.Notify;

/// <summary>The headers of received mail: subjects, one thread per alert, urgency, and what says a program sent it.</summary>
public sealed class EmailHeaderTests : IDisposable
{
    private readonly TempDirectory _data = new("bh-notify-headers");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Fired_reminder_acknowledged_and_resolved_mails_of_an_alert_are_one_thread_rooted_in_the_fired_mail()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var harness = Harness(smtp, "noc-mail");
        AlertChange[] sequence =
        [
            MailAlerts.Job(7),
            MailAlerts.Job(7, AlertChangeKind.Repeated),
            MailAlerts.Job(7, AlertChangeKind.Acknowledged) with { AcknowledgedBy = "bob" },
            MailAlerts.Job(7, AlertChangeKind.Resolved),
        ];
        foreach (var change in sequence)
        {
            harness.Enqueue(Contoso(harness.ContosoSiteId, change));
            await harness.PassAsync();
        }

        var mails = smtp.Messages.Select(m => m.Message).ToList();
        var ids = harness.Rows().Select(r => r.Id).ToList();
        Assert.Equal(
            [
                "[BackupHealth] CRITICAL 1 firing at Contoso Ltd / Head office: SQL01 nightly failed",
                "[BackupHealth] REMINDER CRITICAL 1 firing at Contoso Ltd / Head office: SQL01 nightly failed",
                "[BackupHealth] ACKNOWLEDGED at Contoso Ltd / Head office: SQL01 nightly failed",
                "[BackupHealth] RESOLVED at Contoso Ltd / Head office: SQL01 nightly failed",
            ],
            mails.Select(m => m.Subject));

        const string Root = "bh-alert-7.noc-mail@msp.example";
        Assert.Equal((Root, null), (mails[0].MessageId, mails[0].InReplyTo));
        Assert.Empty(mails[0].References);
        for (var i = 1; i < mails.Count; i++)
        {
            Assert.Equal(($"bh-notification-{ids[i]}@msp.example", Root), (mails[i].MessageId, mails[i].InReplyTo));
            Assert.Equal([Root], mails[i].References);
        }

        Assert.All(mails, m => Assert.Equal("auto-generated", m.Headers["Auto-Submitted"]));
        Assert.Equal(["bh-7-fired-1748779200000", "bh-7-repeated-1748779200000", "bh-7-acknowledged-1748779200000", "bh-7-resolved-1748779200000"],
            mails.Select(m => m.Headers["X-BackupHealth-Event"]));
        Assert.Equal([true, true, false, false], mails.Select(Urgent));
    }

    [Fact]
    public async Task A_mail_of_several_alerts_refers_to_the_thread_of_each_and_replies_to_the_first()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var harness = Harness(smtp, "NOC Mail");
        harness.Enqueue(Contoso(harness.ContosoSiteId,
            MailAlerts.Job(7, AlertChangeKind.Repeated) with { Severity = AlertSeverity.Warning, JobName = "FS01", EventId = "bh-7-repeated-1" },
            MailAlerts.Job(8) with { JobName = "SQL01", EventId = "bh-8-fired-1" }));

        await harness.PassAsync();

        var mail = Assert.Single(smtp.Messages).Message;
        Assert.Equal($"bh-notification-{Assert.Single(harness.Rows()).Id}@msp.example", mail.MessageId);
        Assert.Equal("bh-alert-8.noc-mail@msp.example", mail.InReplyTo);
        Assert.Equal(["bh-alert-8.noc-mail@msp.example", "bh-alert-7.noc-mail@msp.example"], mail.References);
        Assert.Equal("bh-8-fired-1", mail.Headers["X-BackupHealth-Event"]);
        Assert.True(Urgent(mail), "a critical alert fires");
    }

    [Fact]
    public async Task A_warning_that_fires_is_not_marked_urgent()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var harness = Harness(smtp, "noc-mail");
        harness.Enqueue(Contoso(harness.ContosoSiteId, MailAlerts.Job(7) with { Severity = AlertSeverity.Warning }));

        await harness.PassAsync();

        var mail = Assert.Single(smtp.Messages).Message;
        Assert.Equal("bh-alert-7.noc-mail@msp.example", mail.MessageId);
        Assert.False(Urgent(mail));
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
    }

    /// <summary>Marked urgent in every way mail programs read; false only when marked in none (normal may also be said
    /// by leaving the header out).</summary>
    private static bool Urgent(MimeMessage mail)
    {
        var marks = new[]
        {
            mail.Headers["X-Priority"]?.Trim().StartsWith('1') == true,
            string.Equals(mail.Headers["Importance"]?.Trim(), "high", StringComparison.OrdinalIgnoreCase),
            string.Equals(mail.Headers["Priority"]?.Trim(), "urgent", StringComparison.OrdinalIgnoreCase),
        };
        Assert.True(marks.All(m => m) || !marks.Any(m => m), $"urgency marked in some headers only: {mail.Headers}");
        return marks[0];
    }

    private NotifyHarness Harness(SmtpTestServer smtp, string channel) =>
        new(_data, new NotifySettings().Email(channel, smtp.Port, ["noc@msp.example"]).Route("*", "Warning", channel));
}
