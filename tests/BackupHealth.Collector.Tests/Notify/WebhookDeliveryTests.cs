using System.Text.Json;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Notify;
using BackupHealth.Testing;
using static BackupHealth.Collector.Tests.Notify.SampleNotifications;

namespace BackupHealth.Collector.Tests.Notify;

public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("bh-notify");
    private HttpReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await HttpReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _data.Dispose();
    }

    private NotifyHarness Harness(string type = "webhook", int maxAttempts = 10)
    {
        var settings = new NotifySettings()
            .Webhook("psa", _receiver.Url("hooks/bh"), type, new Dictionary<string, string> { ["X-Api-Key"] = "psa-secret" })
            .Route("*", "Warning", "psa")
            .Set("MaxAttempts", maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new NotifyHarness(_data, settings);
    }

    [Fact]
    public async Task Generic_webhook_posts_the_documented_payload_with_idempotency_key()
    {
        await using var harness = Harness();
        harness.Enqueue(Contoso(harness.ContosoSiteId, Change(8, AlertSeverity.Critical)));
        await harness.PassAsync();
        harness.Enqueue(Contoso(harness.ContosoSiteId,
            Change(7, AlertSeverity.Warning, title: "SQL02 missed"),
            Change(8, AlertSeverity.Critical, AlertChangeKind.Resolved)));

        await harness.PassAsync();

        var request = _receiver.Requests[1];
        var row = harness.Rows()[1];
        Assert.Equal("/hooks/bh", request.Path);
        Assert.Equal($"bh-notification-{row.Id}", request.Headers["Idempotency-Key"]);
        Assert.Equal("psa-secret", request.Headers["X-Api-Key"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);

        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal(row.Id, root.GetProperty("notificationId").GetInt64());
        Assert.Equal("Contoso Ltd", root.GetProperty("customer").GetString());
        Assert.Equal("Head office", root.GetProperty("site").GetString());
        Assert.Equal("2025-06-01T12:00:00Z", root.GetProperty("at").GetString());
        var alerts = root.GetProperty("alerts").EnumerateArray().ToList();
        Assert.Equal(2, alerts.Count);

        // Firing first, then resolved.
        var firing = alerts[0];
        Assert.Equal("bh-7", firing.GetProperty("key").GetString());
        Assert.Equal("firing", firing.GetProperty("state").GetString());
        Assert.Equal("fired", firing.GetProperty("change").GetString());
        Assert.Equal("job_failed", firing.GetProperty("rule").GetString());
        Assert.Equal("job:7", firing.GetProperty("subject").GetString());
        Assert.Equal("warning", firing.GetProperty("severity").GetString());
        Assert.Equal("SQL02 missed", firing.GetProperty("title").GetString());
        Assert.Equal("newest run 2025-06-01 02:14 UTC failed: repository full", firing.GetProperty("detail").GetString());
        Assert.Equal("agent-1", firing.GetProperty("agent").GetString());
        Assert.Equal("SQL01 nightly", firing.GetProperty("job").GetString());
        Assert.Equal("2025-06-01T02:00:00Z", firing.GetProperty("firedAt").GetString());
        Assert.Equal(JsonValueKind.Null, firing.GetProperty("resolvedAt").ValueKind);
        var run = firing.GetProperty("lastRuns")[0];
        Assert.Equal(("failed", "2025-06-01T02:00:00Z", "2025-06-01T01:00:00Z", 182_000_000_000L, "repository full"), (
            run.GetProperty("status").GetString(), run.GetProperty("runTime").GetString(), run.GetProperty("start").GetString(),
            run.GetProperty("sizeBytes").GetInt64(), run.GetProperty("message").GetString()));

        var resolved = alerts[1];
        Assert.Equal(("resolved", "resolved", "critical", "2025-06-01T12:00:00Z"), (
            resolved.GetProperty("state").GetString(), resolved.GetProperty("change").GetString(),
            resolved.GetProperty("severity").GetString(), resolved.GetProperty("resolvedAt").GetString()));

        Assert.Equal(("sent", 1), (row.State, row.Attempts));
    }

    [Theory]
    [InlineData("webhook")]
    [InlineData("slack")]
    [InlineData("teams")]
    public async Task Every_post_carries_a_content_length_never_a_chunked_body(string type)
    {
        await using var harness = Harness(type);
        harness.Enqueue(Contoso(harness.ContosoSiteId, Change(8, AlertSeverity.Critical)));

        await harness.PassAsync();

        var request = Assert.Single(_receiver.Requests);
        Assert.False(request.Headers.ContainsKey("Transfer-Encoding"));
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(request.Body).ToString(System.Globalization.CultureInfo.InvariantCulture), request.Headers["Content-Length"]);
    }

    [Fact]
    public async Task Slack_gets_text_and_mrkdwn_blocks()
    {
        await using var harness = Harness("slack");
        harness.Enqueue(Contoso(harness.ContosoSiteId, Change(7, title: "SQL01 <nightly> & co failed", job: "SQL01 <nightly> & co")));

        await harness.PassAsync();

        using var json = JsonDocument.Parse(Assert.Single(_receiver.Requests).Body);
        var root = json.RootElement;
        // Slack shows the top-level text as mrkdwn in notifications: escaped like every other text.
        Assert.Equal("CRITICAL 1 firing at Contoso Ltd / Head office: SQL01 &lt;nightly&gt; &amp; co failed", root.GetProperty("text").GetString());
        var blocks = root.GetProperty("blocks").EnumerateArray().ToList();
        // Without Collector:PublicUrl a context line after the header says how to get links.
        Assert.Equal(["header", "context", "section", "context"], blocks.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("plain_text", blocks[0].GetProperty("text").GetProperty("type").GetString());
        var section = blocks[2].GetProperty("text");
        Assert.Equal("mrkdwn", section.GetProperty("type").GetString());
        var text = section.GetProperty("text").GetString()!;
        Assert.StartsWith("*CRITICAL · FIRING* SQL01 &lt;nightly&gt; &amp; co failed\nThe newest run of this backup job failed.\n*Where:* Contoso Ltd / Head office · host agent-1 · job SQL01 &lt;nightly&gt; &amp; co\n", text, StringComparison.Ordinal);
        Assert.Contains("\nRule `job_failed` · Alert `bh-7` · Agent `agent-1` · Job SQL01 &lt;nightly&gt; &amp; co · Fired at 2025-06-01\u00A002:00\u00A0UTC\n", text, StringComparison.Ordinal);
        Assert.Contains("• failed 2025-06-01\u00A002:00\u00A0UTC · 182.0\u00A0GB · repository full", text, StringComparison.Ordinal);
        Assert.StartsWith("BackupHealth notification", blocks[3].GetProperty("elements")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Teams_gets_an_adaptive_card_message()
    {
        await using var harness = Harness("teams");
        harness.Enqueue(Contoso(harness.ContosoSiteId, Change(8, AlertSeverity.Warning, title: "SQL02 missed")));
        await harness.PassAsync();
        harness.Enqueue(Contoso(harness.ContosoSiteId, Change(7), Change(8, AlertSeverity.Warning, AlertChangeKind.Resolved, title: "SQL02 missed")));

        await harness.PassAsync();

        using var json = JsonDocument.Parse(_receiver.Requests[1].Body);
        var root = json.RootElement;
        Assert.Equal("message", root.GetProperty("type").GetString());
        var attachment = Assert.Single(root.GetProperty("attachments").EnumerateArray());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal(("AdaptiveCard", "1.4", "http://adaptivecards.io/schemas/adaptive-card.json"), (
            card.GetProperty("type").GetString(), card.GetProperty("version").GetString(), card.GetProperty("$schema").GetString()));
        var body = card.GetProperty("body").EnumerateArray().ToList();
        // Without Collector:PublicUrl a small text after the headline says how to get links.
        Assert.Equal(["TextBlock", "TextBlock", "Container", "Container", "TextBlock"], body.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("CRITICAL 1 firing at Contoso Ltd / Head office: SQL01 nightly failed; 1 other change", body[0].GetProperty("text").GetString());
        var firing = body[2].GetProperty("items");
        Assert.Equal("CRITICAL · FIRING: SQL01 nightly failed", firing[0].GetProperty("text").GetString());
        Assert.Equal("Attention", firing[0].GetProperty("color").GetString());
        var facts = firing.EnumerateArray().Where(i => i.GetProperty("type").GetString() == "FactSet").SelectMany(i => i.GetProperty("facts").EnumerateArray())
            .Where(f => f.GetProperty("title").GetString()!.Length > 0)
            .ToDictionary(f => f.GetProperty("title").GetString()!, f => f.GetProperty("value").GetString());
        Assert.Equal("job\\_failed", facts["Rule"]);
        Assert.Equal("SQL01 nightly", facts["Job"]);
        Assert.Equal("failed 2025-06-01\u00A002:00\u00A0UTC · 182.0\u00A0GB · repository full", facts["Last runs"]);
        Assert.Equal("RESOLVED: SQL02 missed", body[3].GetProperty("items")[0].GetProperty("text").GetString()!.Split(" · ")[1]);
        Assert.Equal("Good", body[3].GetProperty("items")[0].GetProperty("color").GetString());
    }

    [Fact]
    public async Task Receiver_failing_twice_then_recovering_gets_it_exactly_once()
    {
        _receiver.RespondWith(500, 500);
        await using var harness = Harness();
        harness.Enqueue(Contoso(harness.ContosoSiteId, Change(7)));

        await harness.PassAsync();
        var afterFirst = Assert.Single(harness.Rows());
        Assert.Equal(("pending", 1), (afterFirst.State, afterFirst.Attempts));
        Assert.Contains("HTTP 500", afterFirst.LastError, StringComparison.Ordinal);
        Assert.InRange(afterFirst.NextAttemptAt!.Value - harness.Time.GetUtcNow().ToUnixTimeMilliseconds(), 15_000, 30_000);

        await harness.PassAsync();
        Assert.Single(_receiver.Requests);

        harness.Time.Advance(NotifySettings.RetryMaxDelay);
        await harness.PassAsync();
        harness.Time.Advance(NotifySettings.RetryMaxDelay);
        await harness.PassAsync();
        harness.Time.Advance(TimeSpan.FromDays(1));
        await harness.PassAsync();

        Assert.Equal([500, 500, 200], _receiver.Requests.Select(r => r.Status));
        Assert.Single(_receiver.Requests.Select(r => r.Headers["Idempotency-Key"]).Distinct());
        var row = Assert.Single(harness.Rows());
        Assert.Equal(("sent", 3), (row.State, row.Attempts));
    }

    [Fact]
    public async Task Retries_run_in_the_background_on_the_time_provider()
    {
        _receiver.RespondWith(503, 503);
        await using var harness = Harness();
        await harness.StartAsync();
        harness.Enqueue(Contoso(harness.ContosoSiteId, Change(7)));

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await Testing.Poll.UntilAsync(() => harness.Rows()[0].Attempts == attempt, $"attempt {attempt} is recorded");
            await harness.AdvanceWhenIdleAsync(NotifySettings.RetryMaxDelay + NotifySettings.PollInterval);
        }

        await Testing.Poll.UntilAsync(() => harness.Rows()[0].State == "sent", "the notification is sent");
        await harness.AdvanceWhenIdleAsync(TimeSpan.FromHours(2));
        await harness.AdvanceWhenIdleAsync(TimeSpan.FromHours(2));
        Assert.Single(_receiver.Accepted);
        Assert.Equal(3, _receiver.Requests.Count);
    }

    [Fact]
    public async Task Bad_request_fails_at_once()
    {
        _receiver.RespondWith(400);
        await using var harness = Harness();
        harness.Errors.Expected.Add((_, message) => message.Contains("failed for good", StringComparison.Ordinal));
        harness.Enqueue(Contoso(harness.ContosoSiteId, Change(7)));

        await harness.PassAsync();
        harness.Time.Advance(TimeSpan.FromDays(1));
        await harness.PassAsync();

        Assert.Single(_receiver.Requests);
        var row = Assert.Single(harness.Rows());
        Assert.Equal(("failed", 1, (long?)null), (row.State, row.Attempts, row.NextAttemptAt));
        Assert.Equal("HTTP 400 BadRequest: receiver says no", row.LastError);
    }

    [Fact]
    public async Task Too_many_requests_is_retried()
    {
        _receiver.RespondWith(429);
        await using var harness = Harness();
        harness.Enqueue(Contoso(harness.ContosoSiteId, Change(7)));

        await harness.PassAsync();
        harness.Time.Advance(NotifySettings.RetryMaxDelay);
        await harness.PassAsync();

        Assert.Equal([429, 200], _receiver.Requests.Select(r => r.Status));
        Assert.Equal("sent", Assert.Single(harness.Rows()).State);
    }

    [Fact]
    public async Task Gives_up_after_max_attempts_and_logs_an_error()
    {
        _receiver.RespondWith(500, 500, 500, 500);
        await using var harness = Harness(maxAttempts: 3);
        harness.Errors.Expected.Add((_, message) => message.Contains("failed for good after 3 attempts", StringComparison.Ordinal));
        harness.Enqueue(Contoso(harness.ContosoSiteId, Change(7)));

        for (var i = 0; i < 5; i++)
        {
            await harness.PassAsync();
            harness.Time.Advance(NotifySettings.RetryMaxDelay);
        }

        Assert.Equal(3, _receiver.Requests.Count);
        var row = Assert.Single(harness.Rows());
        Assert.Equal(("failed", 3), (row.State, row.Attempts));
        Assert.StartsWith("HTTP 500", row.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_receiver_is_retried_with_the_error_kept()
    {
        var port = LoopbackPorts.GetFree();
        var settings = new NotifySettings().Webhook("psa", new Uri($"http://127.0.0.1:{port}/hook")).Route("*", "Warning", "psa");
        await using var harness = new NotifyHarness(_data, settings);
        harness.Enqueue(Contoso(harness.ContosoSiteId, Change(7)));

        await harness.PassAsync();

        var row = Assert.Single(harness.Rows());
        Assert.Equal(("pending", 1), (row.State, row.Attempts));
        Assert.False(string.IsNullOrEmpty(row.LastError));
    }
}
