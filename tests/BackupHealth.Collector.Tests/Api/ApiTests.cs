using System.Net;
using System.Text.Json;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Tests.Api;

public sealed class ApiTests : IAsyncLifetime
{
    private TestCollector _collector = null!;

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync();

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _collector.Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private async Task SendAsync(string agentId, string token, params Observation[] observations)
    {
        await using var agent = await _collector.ConnectAsync(agentId, token);
        await agent.SendBatchAsync(Observations.Batch(1, observations));
        await agent.WaitForAckAsync(1);
        await agent.CompleteAsync();
    }

    [Fact]
    public async Task Agents_lists_each_agent_with_its_site_state_and_probes()
    {
        await using var agent = await _collector.ConnectAsync("agent-1");
        await agent.SendAsync(new AgentMessage { Heartbeat = new Heartbeat { OutboxDepth = 7 } });
        await agent.SendAsync(new AgentMessage
        {
            ProbeHealth = new ProbeHealthReport { Probes = { new ProbeHealth { ProbeName = "nightly-files", ProbeType = "files", State = ProbeState.Error, Message = "access denied", LastRun = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(TestCollector.StartTime) } } },
        });
        await agent.SendBatchAsync(Observations.Batch(1));
        await agent.WaitForAckAsync(1);

        var a = Assert.Single((await GetJsonAsync("/api/v1/agents")).EnumerateArray());

        Assert.Equal("agent-1", a.GetProperty("agentId").GetString());
        Assert.Equal("Contoso Ltd", a.GetProperty("customer").GetString());
        Assert.Equal("Head office", a.GetProperty("site").GetString());
        Assert.Equal("agent-1.example.test", a.GetProperty("hostName").GetString());
        Assert.Equal("Linux", a.GetProperty("os").GetString());
        Assert.Equal("1.2.3", a.GetProperty("version").GetString());
        Assert.True(a.GetProperty("connected").GetBoolean());
        Assert.Equal(7, a.GetProperty("outboxDepth").GetInt64());
        Assert.Equal("2025-06-01T12:00:00Z", a.GetProperty("firstSeen").GetString());
        Assert.Equal("2025-06-01T12:00:00Z", a.GetProperty("lastSeen").GetString());
        var probe = Assert.Single(a.GetProperty("probes").EnumerateArray());
        Assert.Equal(("nightly-files", "files", "error", "access denied", "2025-06-01T12:00:00Z"), (
            probe.GetProperty("name").GetString(), probe.GetProperty("type").GetString(), probe.GetProperty("state").GetString(),
            probe.GetProperty("message").GetString(), probe.GetProperty("lastRun").GetString()));
    }

    [Fact]
    public async Task Probe_details_reach_the_agents_api_and_page_and_the_latest_report_replaces_them()
    {
        await using var agent = await _collector.ConnectAsync("agent-1");
        await agent.SendAsync(ProbeDetails(("api_version", "1.1-rev2"), ("per_vm_results", "not asked yet")));
        await agent.SendAsync(ProbeDetails(("api_version", "1.2-rev1"), ("per_vm_results", "yes")));
        await agent.SendBatchAsync(Observations.Batch(1));
        await agent.WaitForAckAsync(1);

        var probe = Assert.Single(Assert.Single((await GetJsonAsync("/api/v1/agents")).EnumerateArray()).GetProperty("probes").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "vbr-main");
        await WebUsers.EnsureAsync(_collector.App.Services, "tina", BackupHealth.Collector.Web.Auth.Roles.Technician);
        using var session = new Web.FormSession(_collector.Endpoints.Web);
        (await session.SignInAsync("tina", WebUsers.Password)).Dispose();
        var page = await session.Client.GetStringAsync(new Uri("/agents", UriKind.Relative));

        var details = probe.GetProperty("details").EnumerateObject().ToDictionary(d => d.Name, d => d.Value.GetString());
        Assert.Equal(new Dictionary<string, string?> { ["api_version"] = "1.2-rev1", ["per_vm_results"] = "yes" }, details);
        Assert.Contains("""<span class="probe-detail" data-key="api_version">API version <b>1.2-rev1</b></span>""", page, StringComparison.Ordinal);
        Assert.Contains("""<span class="probe-detail" data-key="per_vm_results">per-VM results <b>yes</b></span>""", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_health_with_a_control_character_in_its_details_is_refused()
    {
        Assert.Null(BackupHealth.Collector.Ingest.ReportValidator.Validate(ProbeDetails(("api_version", "1.2-rev1")).ProbeHealth));

        Assert.Equal("probe_health: probes[0]: details[api_version] contains control characters",
            BackupHealth.Collector.Ingest.ReportValidator.Validate(ProbeDetails(("api_version", "1.2\u0007rev1")).ProbeHealth));
    }

    private static AgentMessage ProbeDetails(params (string Key, string Value)[] details)
    {
        var health = new ProbeHealth { ProbeName = "vbr-main", ProbeType = "veeam", State = ProbeState.Ok, LastRun = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(TestCollector.StartTime) };
        foreach (var (key, value) in details)
        {
            health.Details[key] = value;
        }

        return new AgentMessage { ProbeHealth = new ProbeHealthReport { Probes = { health } } };
    }

    [Fact]
    public async Task Jobs_show_health_and_turn_missed_when_the_default_expectation_passes_without_a_success()
    {
        await SendAsync("agent-1", TestCollector.ContosoToken,
            Observations.Valid("ok-1", jobKey: "nightly", end: TestCollector.StartTime.AddHours(-1)),
            Observations.Valid("failed-1", jobKey: "weekly", status: RunStatus.Failed, end: TestCollector.StartTime.AddHours(-1)));

        var before = (await GetJsonAsync("/api/v1/jobs")).EnumerateArray().ToDictionary(j => j.GetProperty("jobKey").GetString()!);
        // One run is too little to learn from, so the default expectation holds: every 1 d, grace 2 h. The last success
        // ended an hour before the start; 25 hours later its deadline is exactly now.
        _collector.Time.Advance(TimeSpan.FromHours(25));
        var atLimit = (await GetJsonAsync("/api/v1/jobs")).EnumerateArray().Single(j => j.GetProperty("jobKey").GetString() == "nightly");
        _collector.Time.Advance(TimeSpan.FromMinutes(1));
        var after = (await GetJsonAsync("/api/v1/jobs")).EnumerateArray().Single(j => j.GetProperty("jobKey").GetString() == "nightly");

        var nightly = before["nightly"];
        Assert.Equal("ok", nightly.GetProperty("health").GetString());
        Assert.Equal("success", nightly.GetProperty("latestStatus").GetString());
        Assert.Equal("2025-06-01T11:00:00Z", nightly.GetProperty("latestEnd").GetString());
        Assert.Equal("2025-06-01T11:00:00Z", nightly.GetProperty("lastSuccess").GetString());
        Assert.Equal(("Contoso Ltd", "Head office", "agent-1", "Job nightly", "files", "vm01"), (
            nightly.GetProperty("customer").GetString(), nightly.GetProperty("site").GetString(), nightly.GetProperty("agentId").GetString(),
            nightly.GetProperty("name").GetString(), nightly.GetProperty("sourceKind").GetString(), nightly.GetProperty("protectedObject").GetString()));
        Assert.Equal("failed", before["weekly"].GetProperty("health").GetString());
        Assert.Equal(JsonValueKind.Null, before["weekly"].GetProperty("lastSuccess").ValueKind);
        Assert.Equal("ok", atLimit.GetProperty("health").GetString());
        Assert.Equal("missed", after.GetProperty("health").GetString());
    }

    [Fact]
    public async Task Jobs_filter_by_customer_site_and_health()
    {
        await SendAsync("agent-1", TestCollector.ContosoToken,
            Observations.Valid("c-ok", jobKey: "c-ok"),
            Observations.Valid("c-warn-0", jobKey: "c-warn", end: TestCollector.StartTime.AddHours(-3)),
            Observations.Valid("c-warn-1", jobKey: "c-warn", status: RunStatus.Warning),
            Observations.Valid("c-never", jobKey: "c-never", status: RunStatus.Warning),
            Observations.Valid("c-old", jobKey: "c-old", end: TestCollector.StartTime.AddDays(-3)));
        await SendAsync("agent-2", TestCollector.FabrikamToken, Observations.Valid("f-ok", jobKey: "f-ok"));

        static IEnumerable<string?> Keys(JsonElement jobs) => jobs.EnumerateArray().Select(j => j.GetProperty("jobKey").GetString()).Order();

        Assert.Equal(["c-never", "c-ok", "c-old", "c-warn", "f-ok"], Keys(await GetJsonAsync("/api/v1/jobs")));
        Assert.Equal(["c-never", "c-ok", "c-old", "c-warn"], Keys(await GetJsonAsync("/api/v1/jobs?customer=Contoso%20Ltd")));
        Assert.Equal(["f-ok"], Keys(await GetJsonAsync("/api/v1/jobs?site=Branch")));
        // A warning is a completed backup (it does not make the job missed), so a job with only a warning is a warning.
        Assert.Equal(["c-never", "c-warn"], Keys(await GetJsonAsync("/api/v1/jobs?status=warning")));
        Assert.Equal(["c-old"], Keys(await GetJsonAsync("/api/v1/jobs?status=missed")));
        Assert.Equal(["c-ok"], Keys(await GetJsonAsync("/api/v1/jobs?customer=Contoso%20Ltd&status=ok")));
        Assert.Empty(Keys(await GetJsonAsync("/api/v1/jobs?customer=Nobody")));
    }

    [Fact]
    public async Task An_unknown_health_filter_is_a_bad_request()
    {
        using var response = await _collector.Http.GetAsync(new Uri("/api/v1/jobs?status=green", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("status must be one of", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_are_newest_first_and_limited()
    {
        var t = TestCollector.StartTime;
        await SendAsync("agent-1", TestCollector.ContosoToken,
            Observations.Valid("day-2", end: t.AddDays(-2)),
            Observations.Valid("day-0", end: t.AddHours(-1), status: RunStatus.Warning),
            Observations.Valid("day-3", end: t.AddDays(-3)),
            Observations.Valid("day-1", end: t.AddDays(-1)));
        var jobId = (await GetJsonAsync("/api/v1/jobs"))[0].GetProperty("id").GetInt64();

        var runs = await GetJsonAsync($"/api/v1/jobs/{jobId}/runs");
        var limited = await GetJsonAsync($"/api/v1/jobs/{jobId}/runs?limit=2");

        Assert.Equal(["day-0", "day-1", "day-2", "day-3"], runs.EnumerateArray().Select(r => r.GetProperty("observationId").GetString()));
        Assert.Equal(["day-0", "day-1"], limited.EnumerateArray().Select(r => r.GetProperty("observationId").GetString()));
        var newest = runs[0];
        Assert.Equal("warning", newest.GetProperty("status").GetString());
        Assert.Equal("2025-06-01T10:50:00Z", newest.GetProperty("start").GetString());
        Assert.Equal("2025-06-01T11:00:00Z", newest.GetProperty("end").GetString());
        Assert.Equal(1000, newest.GetProperty("sizeBytes").GetInt64());
        Assert.Equal("passed", newest.GetProperty("verification").GetProperty("state").GetString());
        Assert.Equal("checksums ok", newest.GetProperty("verification").GetProperty("detail").GetString());
        Assert.Equal("done", newest.GetProperty("message").GetString());
        Assert.Equal("/backups/vm01.xva", newest.GetProperty("attributes").GetProperty("path").GetString());
        Assert.Equal("2025-06-01T12:00:00Z", newest.GetProperty("receivedAt").GetString());
    }

    [Theory]
    [InlineData("/api/v1/jobs/424242/runs", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/jobs/1/runs?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/jobs/1/runs?limit=1001", HttpStatusCode.BadRequest)]
    public async Task Runs_of_an_unknown_job_or_with_a_bad_limit_are_refused(string path, HttpStatusCode expected)
    {
        using var response = await _collector.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
    }
}
