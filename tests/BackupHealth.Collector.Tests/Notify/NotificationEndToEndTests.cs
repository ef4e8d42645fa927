using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;

namespace BackupHealth.Collector.Tests.Notify;

/// <summary>Issue 18 end to end: a real collector (its rules, evaluator, dispatcher and pages) with
/// <c>Collector:PublicUrl</c> set to its own web address, a real SMTP server and a real HTTP receiver as the webhook,
/// Slack and Teams. A failed run reported over gRPC fires an alert; every channel's message links to the alert and
/// the job, and the test opens those links signed in. Then a person resolves it while the job still fails: the next
/// messages say who resolved it and why, and that the alert was re-opened.</summary>
public sealed partial class NotificationEndToEndTests : IAsyncLifetime
{
    private const string JobName = "SQL01 nightly";
    private const string Mailbox = "noc@msp.example";

    private readonly int _webPort = LoopbackPorts.GetFree();
    private SmtpTestServer _smtp = null!;
    private HttpReceiver _receiver = null!;
    private TestCollector _collector = null!;
    private TestAgent _agent = null!;
    private ulong _sequence;

    private string PublicUrl => $"https://127.0.0.1:{_webPort}/";

    public async Task InitializeAsync()
    {
        _smtp = await SmtpTestServer.StartAsync();
        _receiver = await HttpReceiver.StartAsync();
        _collector = await TestCollector.StartAsync(settings =>
        {
            settings["Collector:WebUrl"] = PublicUrl;
            settings["Collector:PublicUrl"] = PublicUrl;
            new NotifySettings()
                .Email("noc-mail", _smtp.Port, [Mailbox])
                .Webhook("psa", _receiver.Url("psa"))
                .Webhook("chat", _receiver.Url("slack"), type: "slack")
                .Webhook("oncall", _receiver.Url("teams"), type: "teams")
                .Route("*", "Warning", "noc-mail", "psa", "chat", "oncall")
                .ApplyTo(settings);
        });
        _agent = await _collector.ConnectAsync("hv01");
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _collector.DisposeAsync();
        await _receiver.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task Every_channel_links_to_the_alert_and_the_job_and_the_links_open_those_pages()
    {
        await FailAsync();
        var alert = await EvaluateAsync();
        var jobId = alert.GetProperty("jobId").GetInt64();
        var alertId = alert.GetProperty("id").GetInt64();
        await Poll.UntilAsync(() => _smtp.Messages.Count == 1 && _receiver.Accepted.Count == 3, "one message on each of the four channels");

        var bodies = new Dictionary<string, string>
        {
            ["email (text)"] = _smtp.Messages[0].Message.TextBody!,
            ["email (html)"] = _smtp.Messages[0].Message.HtmlBody!,
            ["webhook"] = Body("psa"),
            ["slack"] = Body("slack"),
            ["teams"] = Body("teams"),
        };
        var alertPage = $"{PublicUrl}alerts/{alertId}";
        var jobPage = $"{PublicUrl}jobs/{jobId}";
        foreach (var (channel, body) in bodies)
        {
            var links = LinksIn(body);
            Assert.True(links.Contains(alertPage), $"{channel} links to {alertPage}; it links to: {string.Join(", ", links)}");
            Assert.True(links.Contains(jobPage), $"{channel} links to {jobPage}; it links to: {string.Join(", ", links)}");
            Assert.Contains($"bh-{alertId}", body, StringComparison.Ordinal);
        }

        // A technician opens them in a browser session (the pages take the sign-in cookie, not an API token).
        await WebUsers.EnsureAsync(_collector.App.Services, "tech1", Collector.Web.Auth.Roles.Technician);
        using var browser = new Web.FormSession(_collector.Endpoints.Web);
        using (var signedIn = await browser.SignInAsync("tech1", WebUsers.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        var page = await OpenAsync(browser.Client, alertPage);
        Assert.Contains($"bh-{alertId}", page, StringComparison.Ordinal);
        Assert.Contains("Next step:", page, StringComparison.Ordinal);
        Assert.Contains(JobName, await OpenAsync(browser.Client, jobPage), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manual_resolve_the_condition_outlives_reads_as_resolved_by_that_person_and_then_re_opened()
    {
        await FailAsync();
        var first = (await EvaluateAsync()).GetProperty("id").GetInt64();
        await Poll.UntilAsync(() => _smtp.Messages.Count == 1, "the fired mail");

        var admin = _collector.Http;
        using (var resolved = await admin.PostAsJsonAsync($"/api/v1/alerts/{first}/resolve", new { comment = "restarted the job" }))
        {
            Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        }

        _collector.Time.Advance(TimeSpan.FromMinutes(1));
        var again = await EvaluateAsync();
        Assert.NotEqual(first, again.GetProperty("id").GetInt64());
        await Poll.UntilAsync(() => _smtp.Messages.Count == 2, "the mail of the resolve and the re-fire");

        var mail = _smtp.Messages[1].Message;
        Assert.StartsWith("[BackupHealth] CRITICAL 1 firing at Contoso Ltd / Head office: SQL01 nightly failed; 1 other change", mail.Subject, StringComparison.Ordinal);
        var text = mail.TextBody!;
        Assert.Contains("resolved by admin: restarted the job", text, StringComparison.Ordinal);
        Assert.Contains("re-opened: admin resolved it", text, StringComparison.Ordinal);
        var webhook = JsonDocument.Parse(Body("psa", 1)).RootElement.GetProperty("alerts");
        Assert.Equal(["firing", "resolved"], webhook.EnumerateArray().Select(a => a.GetProperty("state").GetString()));
    }

    private async Task FailAsync()
    {
        var failed = Observations.Valid($"run-{++_sequence}", "sql01", RunStatus.Failed, jobName: JobName);
        failed.Message = "repository full";
        await _agent.SendCommittedAsync(new AgentMessage { Observations = Observations.Batch(_sequence, failed) });
    }

    /// <summary>Evaluates now and returns the open job_failed alert.</summary>
    private async Task<JsonElement> EvaluateAsync()
    {
        using (var evaluated = await _collector.Http.PostAsync(new Uri("/api/v1/alerts/evaluate", UriKind.Relative), null))
        {
            evaluated.EnsureSuccessStatusCode();
        }

        var open = await _collector.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/alerts?state=open&rule=job_failed", UriKind.Relative));
        return open.EnumerateArray().Single();
    }

    private string Body(string path, int index = 0) => _receiver.Accepted.Where(r => r.Path.EndsWith(path, StringComparison.Ordinal)).ElementAt(index).Body;

    /// <summary>Every URL under the public address in a body, whatever the format (text, HTML, JSON, mrkdwn).</summary>
    private HashSet<string> LinksIn(string body) => [.. Url().Matches(body).Select(m => WebUtility.HtmlDecode(m.Value)).Where(u => u.StartsWith(PublicUrl, StringComparison.Ordinal))];

    private static async Task<string> OpenAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
        Assert.Equal(url, response.RequestMessage!.RequestUri!.AbsoluteUri);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex(@"https://127\.0\.0\.1:\d+/[A-Za-z0-9/._\-]*[A-Za-z0-9]")]
    private static partial Regex Url();
}
