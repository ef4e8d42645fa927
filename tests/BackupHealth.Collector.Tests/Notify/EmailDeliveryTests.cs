using BackupHealth.Collector.Model;
using BackupHealth.Collector.Notify;
using BackupHealth.Testing;
using static BackupHealth.Collector.Tests.Notify.SampleNotifications;

namespace BackupHealth.Collector.Tests.Notify;

public sealed class EmailDeliveryTests : IDisposable
{
    private readonly TempDirectory _data = new("bh-notify");

    public void Dispose() => _data.Dispose();

    private NotifyHarness Harness(SmtpTestServer smtp, string[]? to = null, string security = "None", string? user = null, string? password = null) =>
        new(_data, new NotifySettings()
            .Email("noc-mail", smtp.Port, to ?? ["noc@msp.example", "oncall@msp.example"], security, user, password)
            .Route("*", "Warning", "noc-mail"));

    [Fact]
    public async Task Mail_has_a_readable_subject_recipients_and_the_alert_with_its_last_runs()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var harness = Harness(smtp);
        harness.Enqueue(Contoso(harness.ContosoSiteId,
            Change(8, AlertSeverity.Warning, title: "SQL02 <missed>", job: "SQL02 <nightly>"),
            Change(7, AlertSeverity.Critical)));

        await harness.PassAsync();

        var mail = Assert.Single(smtp.Messages);
        var message = mail.Message;
        var id = Assert.Single(harness.Rows()).Id;
        Assert.Equal("[BackupHealth] CRITICAL 2 firing at Contoso Ltd / Head office: SQL01 nightly failed, SQL02 <nightly> failed", message.Subject);
        Assert.Equal(["noc@msp.example", "oncall@msp.example"], mail.Envelope);
        Assert.Equal(["noc@msp.example", "oncall@msp.example"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("backuphealth@msp.example", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal($"bh-notification-{id}@msp.example", message.MessageId);

        var text = message.TextBody!;
        Assert.StartsWith("Contoso Ltd / Head office: 2 alerts at 2025-06-01 12:00 UTC", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("CRITICAL FIRING: SQL01 nightly failed", StringComparison.Ordinal) < text.IndexOf("WARNING FIRING: SQL02 <missed>", StringComparison.Ordinal),
            "the critical alert comes first");
        Assert.Contains("  Rule:         job_failed\n", text, StringComparison.Ordinal);
        Assert.Contains("  Detail:       newest run 2025-06-01 02:14 UTC failed: repository full\n", text, StringComparison.Ordinal);
        Assert.Contains("  Agent:        agent-1\n", text, StringComparison.Ordinal);
        Assert.Contains("  Where:        Contoso Ltd / Head office · host agent-1 · job SQL01 nightly\n", text, StringComparison.Ordinal);
        Assert.Contains("  Fired at:     2025-06-01 02:00 UTC\n", text, StringComparison.Ordinal);
        Assert.Contains("    failed   2025-06-01 02:00 UTC  182.0 GB  repository full\n", text, StringComparison.Ordinal);
        Assert.Contains("    success  2025-05-31 02:00 UTC  181.5 GB  ok\n", text, StringComparison.Ordinal);

        var html = message.HtmlBody!;
        Assert.Contains(">WARNING FIRING</span>", html, StringComparison.Ordinal);
        Assert.Contains(">SQL02 &lt;missed&gt;</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>SQL02 &lt;nightly&gt;</strong><br>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<missed>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<nightly>", html, StringComparison.Ordinal);
        Assert.Contains(">repository full</td>", html, StringComparison.Ordinal);
        Assert.Equal("sent", Assert.Single(harness.Rows()).State);
    }

    [Fact]
    public async Task Resolved_mail_says_resolved()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var harness = Harness(smtp);
        harness.Enqueue(Contoso(harness.ContosoSiteId, Change(7)));
        await harness.PassAsync();

        harness.Enqueue(Contoso(harness.ContosoSiteId, Change(7, kind: AlertChangeKind.Resolved)));
        await harness.PassAsync();

        Assert.Equal(2, smtp.Messages.Count);
        var resolved = smtp.Messages[1].Message;
        Assert.Equal("[BackupHealth] RESOLVED at Contoso Ltd / Head office: SQL01 nightly failed", resolved.Subject);
        Assert.Contains("CRITICAL RESOLVED: SQL01 nightly failed", resolved.TextBody, StringComparison.Ordinal);
        Assert.Contains("  Resolved at:  2025-06-01 12:00 UTC\n", resolved.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_in_when_a_user_name_is_set()
    {
        await using var smtp = await SmtpTestServer.StartAsync(user: "bh-relay", password: "relay-password");
        await using var harness = Harness(smtp, user: "bh-relay", password: "relay-password");
        harness.Enqueue(Contoso(harness.ContosoSiteId, Change(7)));

        await harness.PassAsync();

        Assert.Single(smtp.Messages);
        Assert.Equal(["bh-relay"], smtp.Logins);
    }

    [Fact]
    public async Task Wrong_password_is_retried_not_dropped()
    {
        await using var smtp = await SmtpTestServer.StartAsync(user: "bh-relay", password: "relay-password");
        await using var harness = Harness(smtp, user: "bh-relay", password: "wrong");
        harness.Enqueue(Contoso(harness.ContosoSiteId, Change(7)));

        await harness.PassAsync();

        Assert.Empty(smtp.Messages);
        var row = Assert.Single(harness.Rows());
        Assert.Equal(("pending", 1), (row.State, row.Attempts));
        Assert.Contains("auth", row.LastError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Required_starttls_is_not_downgraded_when_the_server_lacks_it()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var harness = Harness(smtp, security: "StartTls");
        harness.Enqueue(Contoso(harness.ContosoSiteId, Change(7)));

        await harness.PassAsync();

        Assert.Empty(smtp.Messages);
        var row = Assert.Single(harness.Rows());
        Assert.Equal(("pending", 1), (row.State, row.Attempts));
        Assert.Contains("STARTTLS", row.LastError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Rejected_recipient_fails_at_once()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var harness = Harness(smtp, to: [$"nobody@{SmtpTestServer.RejectedDomain}"]);
        harness.Errors.Expected.Add((_, message) => message.Contains("failed for good", StringComparison.Ordinal));
        harness.Enqueue(Contoso(harness.ContosoSiteId, Change(7)));

        await harness.PassAsync();
        harness.Time.Advance(TimeSpan.FromDays(1));
        await harness.PassAsync();

        Assert.Empty(smtp.Messages);
        var row = Assert.Single(harness.Rows());
        Assert.Equal(("failed", 1), (row.State, row.Attempts));
    }
}
