using System.Net;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Notify.Links;
using BackupHealth.Collector.Rules;
using BackupHealth.Testing;
using MimeKit;
using static BackupHealth.Collector.Tests.Notify.SampleNotifications;

namespace BackupHealth.Collector.Tests.Notify;

/// <summary>What a technician reads in the e-mail, as the real SMTP server received it: each alert explains itself,
/// links to its pages under Collector:PublicUrl, and several alerts start with a summary in the customer's zone.</summary>
public sealed class EmailContentTests : IDisposable
{
    private const string PublicUrl = "https://msp.example/backups";

    private readonly TempDirectory _data = new("bh-notify-mail");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Each_alert_says_what_where_since_and_the_next_step_before_its_facts_and_links_its_pages_under_the_public_url()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var harness = Harness(smtp, s => s.PublicUrl(PublicUrl));
        harness.Enqueue(Contoso(harness.ContosoSiteId, MailAlerts.Job(7), MailAlerts.SilentAgent(9)));

        await harness.PassAsync();

        var message = Assert.Single(smtp.Messages).Message;
        Assert.Contains("""
            CRITICAL FIRING: SQL01 nightly failed
              What:         The newest run of this backup job failed.
              Where:        Contoso Ltd / Head office · host hv01 · job SQL01 nightly · \\nas01\backups\SQL01.vbk
              Since:        2025-06-01 02:00 UTC
              Last success: 2025-05-31 02:00 UTC

              >> Next step: Open the job's session in the Veeam Backup & Replication console and read its error; last success 2025-05-31 02:00 UTC. Retry the job once the cause is fixed.

              Open alert:
              https://msp.example/backups/alerts/7
              Job history:
              https://msp.example/backups/jobs/17

              Detail:       newest run 2025-06-01 02:14 UTC failed: repository full
              Rule:         job_failed
              Alert key:    bh-7
              Agent:        agent-1
              Fired at:     2025-06-01 02:00 UTC
              Last runs:
                Status   Time                      Size  Message
                failed   2025-06-01 02:00 UTC  182.0 GB  repository full
                success  2025-05-31 02:00 UTC  181.5 GB  ok

            """.ReplaceLineEndings("\n"), message.TextBody, StringComparison.Ordinal);

        // An agent's alert has no job: its second link is the site's grid; its detail keeps its lines.
        Assert.Contains("""
              Open alert:
              https://msp.example/backups/alerts/9
              Site:
              https://msp.example/backups/sites/SITE/grid

              Detail:       last heard from 2025-06-01 09:00 UTC
                            host hv02, Contoso Ltd / Head office
                            an agent is silent after 15 min without a connection
            """.Replace("SITE", $"{harness.ContosoSiteId}", StringComparison.Ordinal).ReplaceLineEndings("\n"), message.TextBody, StringComparison.Ordinal);
        Assert.Contains("  Last heard:   2025-06-01 09:00 UTC\n", message.TextBody, StringComparison.Ordinal);

        var html = message.HtmlBody!;
        Assert.Equal(
            [$"https://msp.example/backups/alerts/9", $"https://msp.example/backups/sites/{harness.ContosoSiteId}/grid",
             "https://msp.example/backups/alerts/7", "https://msp.example/backups/jobs/17"],
            Links(html));
        Assert.Equal(["Open alert", "Site", "Open alert", "Job history"], LinkTexts(html));
        AssertInOrder(html, "The newest run of this backup job failed.", "Where:", "Since:", "Last success:", "<strong>Next step</strong>",
            "alerts/7\"", "Detail:", "Rule:", "Fired at:", "Last runs");
        Assert.Contains("last heard from 2025-06-01 09:00 UTC<br>host hv02, Contoso Ltd / Head office<br>an agent is silent", html, StringComparison.Ordinal);
        Assert.DoesNotContain(NotificationLinks.HowToSet, message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_public_url_the_mail_says_once_how_to_set_it_and_links_nothing()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var harness = Harness(smtp);
        harness.Enqueue(Contoso(harness.ContosoSiteId, MailAlerts.Job(7), MailAlerts.SilentAgent(9)));

        await harness.PassAsync();

        var message = Assert.Single(smtp.Messages).Message;
        Assert.Equal(1, Occurrences(message.TextBody!, NotificationLinks.HowToSet));
        Assert.Equal(1, Occurrences(message.HtmlBody!, WebUtility.HtmlEncode(NotificationLinks.HowToSet)));
        Assert.DoesNotContain("Open alert", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<a ", message.HtmlBody, StringComparison.Ordinal);
        Assert.Empty(Links(message.HtmlBody!));
    }

    [Fact]
    public async Task Several_alerts_start_with_a_summary_worst_first_then_in_natural_order_with_times_in_the_customers_zone()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var harness = Harness(smtp, s => s.TimeZone("Contoso Ltd", "Europe/Berlin").PublicUrl(PublicUrl));
        harness.Enqueue(Contoso(harness.ContosoSiteId,
            Change(1, AlertSeverity.Warning, job: "job 1", rule: "job_missed", title: "job 1 missed"),
            Change(2, job: "job 10", title: "job 10 failed"),
            Change(3, job: "job 2", title: "job 2 failed") with { Since = At.AddHours(-15) }));

        await harness.PassAsync();

        var message = Assert.Single(smtp.Messages).Message;
        Assert.StartsWith("""
            Contoso Ltd / Head office: 3 alerts at 2025-06-01 14:00 +02:00 (12:00 UTC)

              CRITICAL  job 2   failed  since 2025-05-31 23:00 +02:00 (21:00 UTC)
              CRITICAL  job 10  failed  since 2025-06-01 04:00 +02:00 (02:00 UTC)
              WARNING   job 1   missed  since 2025-06-01 04:00 +02:00 (02:00 UTC)

            CRITICAL FIRING: job 2 failed
            """.ReplaceLineEndings("\n"), message.TextBody, StringComparison.Ordinal);
        Assert.Contains("    failed   2025-06-01 04:00 +02:00 (02:00 UTC)  182.0 GB  repository full\n", message.TextBody, StringComparison.Ordinal);

        // The HTML summary table in the same order, each time kept whole (its UTC part beside it, unbreakable too).
        var html = message.HtmlBody!;
        AssertInOrder(html, "<strong>job 2</strong>", "<strong>job 10</strong>", "<strong>job 1</strong>", "CRITICAL FIRING", "job 2 failed</h2>", "job 10 failed</h2>", "job 1 missed</h2>");
        Assert.Contains(
            "<span style=\"white-space:nowrap\">2025-05-31 23:00 +02:00</span> <span style=\"white-space:nowrap\">(21:00 UTC)</span>",
            html, StringComparison.Ordinal);
        Assert.Contains("<span style=\"white-space:nowrap\">182.0 GB</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_persons_resolve_and_the_alert_that_re_opens_it_say_who_why_and_when()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var harness = Harness(smtp);
        harness.Enqueue(Contoso(harness.ContosoSiteId, MailAlerts.Job(7)));
        await harness.PassAsync();
        var resolvedAt = At.AddMinutes(5);
        harness.Enqueue(Contoso(harness.ContosoSiteId, MailAlerts.Job(7, AlertChangeKind.Resolved) with
        {
            ResolvedAt = resolvedAt, ResolvedBy = "alice", ResolveComment = "restarted the job",
        }));
        await harness.PassAsync();
        harness.Enqueue(Contoso(harness.ContosoSiteId, MailAlerts.Job(8) with
        {
            Reopens = new ReopenedAlert(7, "alice", resolvedAt, "restarted the job"),
        }));

        await harness.PassAsync();

        Assert.Equal(3, smtp.Messages.Count);
        var resolved = smtp.Messages[1].Message;
        Assert.Equal("[BackupHealth] RESOLVED at Contoso Ltd / Head office: SQL01 nightly failed", resolved.Subject);
        Assert.Contains("CRITICAL RESOLVED: SQL01 nightly failed\n  Why it resolved: resolved by alice: restarted the job\n", resolved.TextBody, StringComparison.Ordinal);
        Assert.Contains("  Resolved at:  2025-06-01 12:05 UTC\n", resolved.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Next step", resolved.TextBody, StringComparison.Ordinal);
        Assert.Contains("<strong>Why it resolved:</strong> resolved by alice: restarted the job</p>", resolved.HtmlBody, StringComparison.Ordinal);

        var reopened = smtp.Messages[2].Message;
        Assert.Equal("[BackupHealth] CRITICAL 1 firing at Contoso Ltd / Head office: SQL01 nightly failed", reopened.Subject);
        const string Reopen = "re-opened: alice resolved it 2025-06-01 12:05 UTC (restarted the job), and it fired again";
        Assert.Contains($"CRITICAL FIRING: SQL01 nightly failed\n  Attention: {Reopen}\n  What:", reopened.TextBody, StringComparison.Ordinal);
        AssertInOrder(reopened.HtmlBody!, "SQL01 nightly failed</h2>", $"<strong>Attention:</strong> {Reopen}</p>", "The newest run of this backup job failed.");
    }

    [Fact]
    public async Task An_acknowledgement_says_who_is_on_it_and_what_they_said()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var harness = Harness(smtp);
        harness.Enqueue(Contoso(harness.ContosoSiteId, MailAlerts.Job(7)));
        await harness.PassAsync();
        harness.Enqueue(Contoso(harness.ContosoSiteId, MailAlerts.Job(7, AlertChangeKind.Acknowledged) with
        {
            AcknowledgedBy = "bob", AcknowledgeComment = "restoring from tape",
        }));

        await harness.PassAsync();

        var acknowledged = smtp.Messages[1].Message;
        Assert.Equal("[BackupHealth] ACKNOWLEDGED at Contoso Ltd / Head office: SQL01 nightly failed", acknowledged.Subject);
        Assert.Contains("CRITICAL ACKNOWLEDGED: SQL01 nightly failed\n  Who is on it: acknowledged by bob: restoring from tape\n", acknowledged.TextBody, StringComparison.Ordinal);
        Assert.Contains("<strong>Who is on it:</strong> acknowledged by bob: restoring from tape</p>", acknowledged.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_new_text_is_html_encoded()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var harness = Harness(smtp, s => s.PublicUrl(PublicUrl));
        const string Markup = "<img src=x onerror=alert(1)>";
        harness.Enqueue(Contoso(harness.ContosoSiteId, MailAlerts.Job(7) with
        {
            Location = Markup, HostName = "<b>hv01</b>", Detail = "line one\n<script>x</script>",
            Reopens = new ReopenedAlert(6, "alice", At, "<i>fixed</i>"),
        }));

        await harness.PassAsync();

        var html = Assert.Single(smtp.Messages).Message.HtmlBody!;
        Assert.Contains(WebUtility.HtmlEncode(Markup), html, StringComparison.Ordinal);
        Assert.Contains("line one<br>&lt;script&gt;x&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("(&lt;i&gt;fixed&lt;/i&gt;)", html, StringComparison.Ordinal);
        Assert.Contains("host &lt;b&gt;hv01&lt;/b&gt;", html, StringComparison.Ordinal);
        foreach (var raw in new[] { "<img", "<script", "<i>", "<b>hv01" })
        {
            Assert.DoesNotContain(raw, html, StringComparison.Ordinal);
        }
    }

    private NotifyHarness Harness(SmtpTestServer smtp, Action<NotifySettings>? settings = null)
    {
        var notify = new NotifySettings().Email("noc-mail", smtp.Port, ["noc@msp.example"]).Route("*", "Warning", "noc-mail");
        settings?.Invoke(notify);
        return new NotifyHarness(_data, notify);
    }

    private static List<string> Links(string html) =>
        [.. System.Text.RegularExpressions.Regex.Matches(html, "<a href=\"([^\"]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    private static List<string> LinkTexts(string html) =>
        [.. System.Text.RegularExpressions.Regex.Matches(html, "<a [^>]*>([^<]*)</a>").Select(m => m.Groups[1].Value)];

    private static int Occurrences(string text, string part) =>
        (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private static void AssertInOrder(string text, params string[] parts)
    {
        var at = 0;
        foreach (var part in parts)
        {
            var found = text.IndexOf(part, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{part}' does not follow the earlier parts in:\n{text}");
            at = found + part.Length;
        }
    }
}
