using System.Text.RegularExpressions;
using BackupHealth.Collector.Tests.Notify;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Tests.Web;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;

namespace BackupHealth.Collector.Tests.Telemetry;

/// <summary>The collector's whole log, at the levels it logs by default, while it does the things that carry secrets:
/// notifications through Slack, Teams, a signed webhook and an SMTP login, and people typing into the sign-in form.</summary>
public sealed partial class SecretsInLogsTests
{
    private const string SlackSecret = "T0SLACK00/B0SLACK00/slack-path-secret-4f1c";
    private const string TeamsSecret = "teams-path-secret-77ab";
    private const string WebhookSecret = "webhook-path-secret-90ce";
    private const string HeaderSecret = "webhook-header-secret-31d2";
    private const string SmtpPassword = "smtp-password-secret-5e6f";
    private const string SigningSecret = "webhook-signing-secret-a7d3";

    [Fact]
    public async Task Channel_urls_their_headers_signing_secrets_and_the_smtp_password_never_reach_the_log()
    {
        await using var receiver = await HttpReceiver.StartAsync();
        await using var smtp = await SmtpTestServer.StartAsync(user: "bh-relay", password: SmtpPassword);
        var notify = new NotifySettings()
            .Webhook("slack", receiver.Url($"services/{SlackSecret}"), "slack")
            .Webhook("teams", receiver.Url($"webhookb2/{TeamsSecret}"), "teams")
            .Webhook("psa", receiver.Url($"hooks/{WebhookSecret}"), headers: new Dictionary<string, string> { ["Authorization"] = $"Bearer {HeaderSecret}" })
            .Secret(SigningSecret)
            .Email("mail", smtp.Port, ["noc@msp.example"], user: "bh-relay", password: SmtpPassword)
            .Route("*", "Warning", "slack", "teams", "psa", "mail");
        var log = new CollectorLog();
        await using var collector = await TestCollector.StartAsync(notify.ApplyTo, log.AddTo);
        await using (var agent = await collector.ConnectAsync("agent-1"))
        {
            await agent.SendBatchAsync(Observations.Batch(1, Observations.Valid("run-1", status: RunStatus.Failed)));
            await agent.WaitForAckAsync(1);
        }

        await AlertsApi.EvaluateAsync(collector.Http);
        await Poll.UntilAsync(() => receiver.Accepted.Count == 3 && smtp.Messages.Count == 1, "every channel has the alert");
        await Poll.UntilAsync(() => log.Records.Count(r => r.Message.Contains(" sent to ", StringComparison.Ordinal)) == 4, "the four deliveries are logged");

        var text = log.ToString();
        Assert.Contains("sent to slack", text, StringComparison.Ordinal);
        foreach (var secret in new[] { SlackSecret, TeamsSecret, WebhookSecret, HeaderSecret, SmtpPassword, SigningSecret })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.Equal(["bh-relay"], smtp.Logins);
    }

    [Fact]
    public async Task A_typed_user_name_is_logged_printable_and_one_that_matches_nobody_only_as_a_hash()
    {
        const string PasswordAsName = "Tr0ub4dor&3-correct-horse";
        const string ForgedLine = "alice\nFailed sign-in for admin from 10.9.8.7";
        var log = new CollectorLog();
        await using var collector = await TestCollector.StartAsync(services: log.AddTo);
        await WebUsers.EnsureAsync(collector.App.Services, "tina", Roles.Technician);

        foreach (var name in new[] { PasswordAsName, ForgedLine, PasswordAsName, "tina" })
        {
            using var person = new FormSession(collector.Endpoints.Web);
            using var _ = await person.SignInAsync(name, "not the password of anyone");
        }

        var failed = log.Records.Where(r => r.Message.StartsWith("Failed sign-in for ", StringComparison.Ordinal)).Select(r => r.Message).ToList();
        Assert.Equal(4, failed.Count);
        Assert.All(failed[..3], line => Assert.Matches(UnknownName(), line));
        Assert.Equal(failed[0], failed[2]);
        Assert.NotEqual(failed[0], failed[1]);
        Assert.Equal("Failed sign-in for tina from 127.0.0.1", failed[3]);
        var text = log.ToString();
        Assert.DoesNotContain("Tr0ub4dor", text, StringComparison.Ordinal);
        Assert.DoesNotContain("10.9.8.7", text, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Records, r => r.Message.Contains('\n', StringComparison.Ordinal) || r.Message.Contains('\r', StringComparison.Ordinal));

        // The audit log keeps what was typed, on one line.
        Assert.Equal(1L, await collector.CountAsync("SELECT count(*) FROM audit_log WHERE actor = $actor", ("$actor", ForgedLine.Replace('\n', '?'))));
        Assert.Equal(0L, await collector.CountAsync("SELECT count(*) FROM audit_log WHERE instr(actor, char(10)) > 0"));
    }

    [Fact]
    public async Task When_the_audit_row_cannot_be_written_its_error_line_hides_a_name_that_matches_nobody()
    {
        const string PasswordAsName = "Tr0ub4dor&3-correct-horse";
        var log = new CollectorLog();
        await using var collector = await TestCollector.StartAsync(services: log.AddTo);
        await Audit.AuditTable.ExecuteAsync(collector, "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'refused'); END");
        collector.Errors.Expected.Add((_, message) => message.StartsWith("Writing the audit log failed", StringComparison.Ordinal));

        using (var person = new FormSession(collector.Endpoints.Web))
        {
            using var _ = await person.SignInAsync(PasswordAsName, "not the password of anyone");
        }

        await Poll.UntilAsync(() => collector.Errors.ExpectedLogged.Count == 1, "the audit row's failure is logged");
        Assert.Matches(@"signin\.failed by name #[0-9a-f]{8} \(25 characters\) from 127\.0\.0\.1 on user:name #[0-9a-f]{8} ", Assert.Single(collector.Errors.ExpectedLogged));
        Assert.DoesNotContain("Tr0ub4dor", log.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^Failed sign-in for unknown name #[0-9a-f]{8} \([0-9]+ characters\) from 127\.0\.0\.1$")]
    private static partial Regex UnknownName();
}
