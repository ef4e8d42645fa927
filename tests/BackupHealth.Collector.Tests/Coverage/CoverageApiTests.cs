using System.Net;
using System.Text;
using System.Text.Json;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace BackupHealth.Collector.Tests.Coverage;

/// <summary>The coverage API over a real collector: inventory and observations go in over the agent's gRPC stream,
/// the answers come from the HTTP API and the rows from the SQLite file.</summary>
public sealed class CoverageApiTests : IAsyncLifetime
{
    private const string WebUuid = "3f2a9c1e-5b7d-4e8a-9c0f-1a2b3c4d5e6f";
    private const string DbUuid = "8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
    private const string TestUuid = "c0ffee00-1234-4abc-8def-0123456789ab";

    private TestCollector _collector = null!;
    private TestAgent _agent = null!;
    private readonly Dictionary<TestAgent, ulong> _sequences = [];

    public async Task InitializeAsync()
    {
        _collector = await TestCollector.StartAsync();
        _agent = await _collector.ConnectAsync("xen01");
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _collector.DisposeAsync();
    }

    private static InventoryReport Inventory(string probe, params (string Id, string Name, string Power)[] vms) => new()
    {
        ProbeName = probe,
        Hypervisor = "xcp-ng",
        TakenAt = Timestamp.FromDateTimeOffset(TestCollector.StartTime),
        Items = { vms.Select(v => new InventoryItem { Id = v.Id, Name = v.Name, PowerState = v.Power }) },
    };

    private static InventoryReport ThreeVms() =>
        Inventory("xen-pool", (WebUuid, "web01", "Running"), (DbUuid, "db01", "Running"), (TestUuid, "test01", "Running"));

    /// <summary>A successful backup ending an hour before now, naming <paramref name="protectedObject"/> and, when
    /// given, the VM's uuid.</summary>
    private Observation Backup(string id, string jobKey, string protectedObject, string? vmUuid = null, RunStatus status = RunStatus.Success)
    {
        var o = Observations.Valid(id, jobKey, status, _collector.Time.GetUtcNow().AddHours(-1));
        o.ProtectedObject = protectedObject;
        o.Attributes.Clear();
        if (vmUuid is not null)
        {
            o.Attributes["vm_uuid"] = vmUuid;
        }

        return o;
    }

    /// <summary>Sends the messages, then a batch of <paramref name="observations"/>, and waits for its ack: the stream is
    /// handled in order, so everything sent before is stored too.</summary>
    private Task SendAsync(params Observation[] observations) => SendAsync(_agent, [], observations);

    private async Task SendAsync(TestAgent agent, AgentMessage[] before, params Observation[] observations)
    {
        foreach (var message in before)
        {
            await agent.SendAsync(message);
        }

        var sequence = _sequences[agent] = _sequences.GetValueOrDefault(agent) + 1;
        await agent.SendBatchAsync(Observations.Batch(sequence, observations));
        await agent.WaitForAckAsync(sequence);
    }

    private Task SendInventoryAsync(InventoryReport report) => SendAsync(_agent, [new AgentMessage { Inventory = report }]);

    private async Task<(HttpStatusCode Status, JsonElement Body)> RequestAsync(HttpMethod method, string path, string? json = null, string? user = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await (user is null ? _collector.Http : await _collector.AsAsync(user)).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return (response.StatusCode, document.RootElement.Clone());
    }

    private async Task<JsonElement> CoverageAsync(string query = "")
    {
        var (status, body) = await RequestAsync(HttpMethod.Get, "/api/v1/coverage" + query);
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    private static JsonElement VmNamed(JsonElement list, string name) => list.EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);

    private static string? State(JsonElement list, string name) => VmNamed(list, name).GetProperty("covered").GetString();

    private async Task EvaluateAsync() => Assert.Equal(HttpStatusCode.OK, (await RequestAsync(HttpMethod.Post, "/api/v1/alerts/evaluate")).Status);

    private async Task<List<JsonElement>> VmAlertsAsync(string state)
    {
        var (status, body) = await RequestAsync(HttpMethod.Get, $"/api/v1/alerts?rule=vm_not_protected&state={state}");
        Assert.Equal(HttpStatusCode.OK, status);
        return [.. body.EnumerateArray()];
    }

    private async Task<long> JobIdAsync(string jobKey) => await _collector.CountAsync("SELECT id FROM jobs WHERE job_key = $key", ("$key", jobKey));

    private async Task<long> SiteIdAsync() => await _collector.CountAsync(
        "SELECT s.id FROM sites s JOIN customers c ON c.id = s.customer_id WHERE c.name = 'Contoso Ltd' AND s.name = 'Head office'");

    [Fact]
    public async Task Three_vms_two_backed_up_give_exactly_one_alert_which_resolves_when_its_backup_appears()
    {
        await SendAsync(_agent, [new AgentMessage { Inventory = ThreeVms() }],
            Backup("web-1", "export/web01", "web01", WebUuid), Backup("db-1", "db01-nightly", "DB01"));

        var list = await CoverageAsync();
        Assert.Equal(3, list.GetArrayLength());
        var web = VmNamed(list, "web01");
        Assert.Equal(("Contoso Ltd", "Head office", "xen01", "xcp-ng", "xen-pool", WebUuid, "Running", "protected"),
            (web.GetProperty("customer").GetString(), web.GetProperty("site").GetString(), web.GetProperty("agent").GetString(),
                web.GetProperty("hypervisor").GetString(), web.GetProperty("probe").GetString(), web.GetProperty("itemId").GetString(),
                web.GetProperty("powerState").GetString(), web.GetProperty("covered").GetString()));
        var by = Assert.Single(web.GetProperty("protectedBy").EnumerateArray());
        Assert.Equal((await JobIdAsync("export/web01"), "Job export/web01", "uuid", true),
            (by.GetProperty("jobId").GetInt64(), by.GetProperty("jobName").GetString(), by.GetProperty("matchedBy").GetString(), by.GetProperty("current").GetBoolean()));
        Assert.Equal("2025-06-01T11:00:00Z", web.GetProperty("lastProtected").GetString());
        Assert.Equal("backed up 2025-06-01 11:00 UTC by Job export/web01 (matched by uuid); next due by 2025-06-02 13:00 UTC",
            web.GetProperty("reason").GetString());
        Assert.Equal("name", VmNamed(list, "db01").GetProperty("protectedBy")[0].GetProperty("matchedBy").GetString());
        var test = VmNamed(list, "test01");
        Assert.Equal(("unprotected", false, JsonValueKind.Null), (test.GetProperty("covered").GetString(),
            test.GetProperty("alerting").GetBoolean(), test.GetProperty("lastProtected").ValueKind));

        // A new VM is given an hour before it alerts.
        await EvaluateAsync();
        Assert.Empty(await VmAlertsAsync("firing"));
        _collector.Time.Advance(TimeSpan.FromMinutes(61));
        await EvaluateAsync();

        var alert = Assert.Single(await VmAlertsAsync("firing"));
        Assert.Equal(($"vm:{await SiteIdAsync()}:{TestUuid}", "VM test01 not protected", "warning", "xen01"),
            (alert.GetProperty("subject").GetString(), alert.GetProperty("title").GetString(), alert.GetProperty("severity").GetString(),
                alert.GetProperty("agentId").GetString()));
        Assert.True((await CoverageAsync()).EnumerateArray().Single(v => v.GetProperty("name").GetString() == "test01").GetProperty("alerting").GetBoolean());

        await SendAsync(Backup("test-1", "export/test01", "test01", TestUuid));
        await EvaluateAsync();

        Assert.Empty(await VmAlertsAsync("firing"));
        Assert.Equal(alert.GetProperty("id").GetInt64(), Assert.Single(await VmAlertsAsync("resolved")).GetProperty("id").GetInt64());
        Assert.Equal("protected", State(await CoverageAsync(), "test01"));
    }

    [Fact]
    public async Task One_job_backing_up_several_vms_protects_each_by_its_own_runs()
    {
        await SendAsync(_agent, [new AgentMessage { Inventory = ThreeVms() }],
            Backup("all-web", "nightly-all", "web01"), Backup("all-db", "nightly-all", "db01", status: RunStatus.Failed));

        var list = await CoverageAsync();

        Assert.Equal(("protected", "unprotected", "unprotected"), (State(list, "web01"), State(list, "db01"), State(list, "test01")));
        Assert.StartsWith("no backup of it among the recent runs of Job nightly-all (matched by name)",
            VmNamed(list, "db01").GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_by_customer_site_and_state()
    {
        await SendAsync(_agent, [new AgentMessage { Inventory = ThreeVms() }], Backup("web-1", "export/web01", "web01", WebUuid));
        await using var branch = await _collector.ConnectAsync("xen-branch", TestCollector.FabrikamToken);
        await SendAsync(branch, [new AgentMessage { Inventory = Inventory("branch-pool", ("b-1", "branch01", "Halted")) }],
            Observations.Valid("branch-run"));

        Assert.Equal(4, (await CoverageAsync()).GetArrayLength());
        Assert.Equal(["branch01"], (await CoverageAsync("?customer=Fabrikam")).EnumerateArray().Select(v => v.GetProperty("name").GetString()));
        Assert.Equal(3, (await CoverageAsync("?customer=Contoso%20Ltd&site=Head%20office")).GetArrayLength());
        Assert.Empty((await CoverageAsync("?site=Nowhere")).EnumerateArray());
        Assert.Equal(["db01", "test01"], (await CoverageAsync("?state=unprotected")).EnumerateArray().Select(v => v.GetProperty("name").GetString()));
        Assert.Equal(["branch01"], (await CoverageAsync("?state=not-running")).EnumerateArray().Select(v => v.GetProperty("name").GetString()));

        var (status, problem) = await RequestAsync(HttpMethod.Get, "/api/v1/coverage?state=covered");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("state must be one of protected, unprotected, excluded, not-running", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_exclusion_stops_the_alert_and_removing_it_brings_it_back()
    {
        await SendInventoryAsync(ThreeVms());
        _collector.Time.Advance(TimeSpan.FromHours(2));
        await EvaluateAsync();
        Assert.Equal(3, (await VmAlertsAsync("firing")).Count);

        var (status, body) = await RequestAsync(HttpMethod.Put, "/api/v1/coverage/exclusions",
            $$"""{"customer": "Contoso Ltd", "site": "Head office", "itemId": "{{TestUuid}}", "reason": "test VM, rebuilt from a template"}""", user: "alice");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("test VM, rebuilt from a template", "alice", "2025-06-01T14:00:00Z"),
            (body.GetProperty("reason").GetString(), body.GetProperty("by").GetString(), body.GetProperty("at").GetString()));
        var test = VmNamed(await CoverageAsync(), "test01");
        Assert.Equal(("excluded", "excluded by alice on 2025-06-01 14:00 UTC: test VM, rebuilt from a template", "alice"),
            (test.GetProperty("covered").GetString(), test.GetProperty("reason").GetString(), test.GetProperty("exclusion").GetProperty("by").GetString()));
        await EvaluateAsync();
        Assert.Equal(2, (await VmAlertsAsync("firing")).Count);
        Assert.Single((await RequestAsync(HttpMethod.Get, "/api/v1/coverage/exclusions")).Body.EnumerateArray());

        var path = $"/api/v1/coverage/exclusions?customer=Contoso%20Ltd&site=Head%20office&itemId={TestUuid}";
        Assert.Equal(HttpStatusCode.NoContent, (await RequestAsync(HttpMethod.Delete, path)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await RequestAsync(HttpMethod.Delete, path)).Status);
        Assert.Equal("unprotected", State(await CoverageAsync(), "test01"));
        await EvaluateAsync();
        Assert.Equal(3, (await VmAlertsAsync("firing")).Count);
    }

    [Fact]
    public async Task A_mapping_ties_a_job_whose_runs_do_not_name_the_vm()
    {
        await SendAsync(_agent, [new AgentMessage { Inventory = ThreeVms() }], Backup("image-1", "fs-image", "FILESERVER-IMAGE"));
        var job = await JobIdAsync("fs-image");
        Assert.Equal("unprotected", State(await CoverageAsync(), "test01"));

        var (status, body) = await RequestAsync(HttpMethod.Put, "/api/v1/coverage/mappings",
            $$"""{"customer": "Contoso Ltd", "site": "Head office", "itemId": "{{TestUuid}}", "jobId": {{job}}}""", user: "bob");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((job, "Job fs-image", "bob"), (body.GetProperty("jobId").GetInt64(), body.GetProperty("jobName").GetString(), body.GetProperty("by").GetString()));
        var test = VmNamed(await CoverageAsync(), "test01");
        Assert.Equal("protected", test.GetProperty("covered").GetString());
        Assert.Equal((job, "mapping"), (test.GetProperty("protectedBy")[0].GetProperty("jobId").GetInt64(), test.GetProperty("protectedBy")[0].GetProperty("matchedBy").GetString()));
        Assert.Single((await RequestAsync(HttpMethod.Get, "/api/v1/coverage/mappings")).Body.EnumerateArray());

        // PUT again is the same mapping, not a second one.
        Assert.Equal(HttpStatusCode.OK, (await RequestAsync(HttpMethod.Put, "/api/v1/coverage/mappings",
            $$"""{"customer": "Contoso Ltd", "site": "Head office", "itemId": "{{TestUuid}}", "jobId": {{job}}}""", user: "carol")).Status);
        Assert.Equal(1L, await _collector.CountAsync("SELECT count(*) FROM coverage_mappings WHERE created_by = 'carol'"));

        var path = $"/api/v1/coverage/mappings?customer=Contoso%20Ltd&site=Head%20office&itemId={TestUuid}&jobId={job}";
        Assert.Equal(HttpStatusCode.NoContent, (await RequestAsync(HttpMethod.Delete, path)).Status);
        Assert.Equal("unprotected", State(await CoverageAsync(), "test01"));
        Assert.Equal(0L, await _collector.CountAsync("SELECT count(*) FROM coverage_mappings"));
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_the_problem_and_stores_nothing()
    {
        await SendAsync(_agent, [new AgentMessage { Inventory = ThreeVms() }], Backup("web-1", "export/web01", "web01", WebUuid));
        var job = await JobIdAsync("export/web01");
        await using var branch = await _collector.ConnectAsync("xen-branch", TestCollector.FabrikamToken);
        await SendAsync(branch, [], Observations.Valid("branch-run", "branch-job"));
        var branchJob = await JobIdAsync("branch-job");
        string Mapping(string site = "Head office", string item = TestUuid, string jobId = "0", string by = "\"alice\"") =>
            $$"""{"customer": "Contoso Ltd", "site": "{{site}}", "itemId": "{{item}}", "jobId": {{(jobId == "0" ? job.ToString(System.Globalization.CultureInfo.InvariantCulture) : jobId)}}, "by": {{by}}}""";

        (HttpMethod, string, string?, string)[] cases =
        [
            (HttpMethod.Put, "/api/v1/coverage/mappings", "{}", "customer is required"),
            (HttpMethod.Put, "/api/v1/coverage/mappings", """{"customer": "Contoso Ltd", "site": "Head office", "jobId": 1, "by": "alice"}""", "itemId is required"),
            (HttpMethod.Put, "/api/v1/coverage/mappings", """{"customer": "Contoso Ltd", "site": "Head office", "itemId": "x", "by": "alice"}""", "jobId is required"),
            (HttpMethod.Put, "/api/v1/coverage/mappings", Mapping(jobId: "-3"), "jobId must be a job id (a positive number)"),
            (HttpMethod.Put, "/api/v1/coverage/mappings", Mapping(item: new string('x', 129)), "itemId must be one line of at most 128 characters"),
            (HttpMethod.Put, "/api/v1/coverage/mappings", Mapping(site: "Nowhere"), "there is no site 'Nowhere' of customer 'Contoso Ltd'"),
            (HttpMethod.Put, "/api/v1/coverage/mappings", Mapping(item: "no-such-vm"),
                "no inventory of Contoso Ltd / Head office has reported a VM with item id 'no-such-vm'"),
            (HttpMethod.Put, "/api/v1/coverage/mappings", Mapping(jobId: "987654"), "there is no job 987654"),
            (HttpMethod.Put, "/api/v1/coverage/mappings", Mapping(jobId: branchJob.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                $"job {branchJob} is not a job of Contoso Ltd / Head office"),
            (HttpMethod.Put, "/api/v1/coverage/exclusions", $$"""{"customer": "Contoso Ltd", "site": "Head office", "itemId": "{{TestUuid}}", "by": "alice"}""", "reason is required"),
            (HttpMethod.Put, "/api/v1/coverage/exclusions", $$"""{"customer": "Contoso Ltd", "site": "Head office", "itemId": "{{TestUuid}}", "reason": "  ", "by": "alice"}""", "reason is required"),
            (HttpMethod.Put, "/api/v1/coverage/exclusions", """{"customer": "Contoso Ltd", "site": "Head office", "itemId": "nope", "reason": "r", "by": "alice"}""",
                "no inventory of Contoso Ltd / Head office has reported a VM with item id 'nope'"),
            (HttpMethod.Delete, "/api/v1/coverage/exclusions?customer=Contoso%20Ltd&site=Head%20office", null, "itemId is required"),
            (HttpMethod.Delete, "/api/v1/coverage/mappings?customer=Contoso%20Ltd&site=Head%20office&itemId=x", null, "jobId is required"),
            (HttpMethod.Delete, $"/api/v1/coverage/mappings?customer=Contoso%20Ltd&site=Elsewhere&itemId=x&jobId={job}", null,
                "there is no site 'Elsewhere' of customer 'Contoso Ltd'"),
        ];

        foreach (var (method, path, json, detail) in cases)
        {
            var (status, problem) = await RequestAsync(method, path, json);
            Assert.True(status == HttpStatusCode.BadRequest, $"{method} {path} {json}: {status}");
            Assert.Equal(detail, problem.GetProperty("detail").GetString());
        }

        Assert.Equal(0L, await _collector.CountAsync("SELECT count(*) FROM coverage_mappings"));
        Assert.Equal(0L, await _collector.CountAsync("SELECT count(*) FROM coverage_exclusions"));
    }

    [Fact]
    public async Task A_vm_keeps_its_first_sighting_and_appears_once_however_many_probes_report_it()
    {
        await SendInventoryAsync(ThreeVms());
        _collector.Time.Advance(TimeSpan.FromMinutes(30));
        await SendInventoryAsync(ThreeVms());
        _collector.Time.Advance(TimeSpan.FromMinutes(1));
        await SendInventoryAsync(Inventory("xen-host2", (WebUuid, "web01", "Running")));

        var list = await CoverageAsync();

        Assert.Equal(3, list.GetArrayLength());
        Assert.Equal("2025-06-01T12:00:00Z", VmNamed(list, "test01").GetProperty("firstSeen").GetString());
        Assert.Equal("xen-host2", VmNamed(list, "web01").GetProperty("probe").GetString());

        await SendInventoryAsync(Inventory("xen-pool", (WebUuid, "web01", "Running"), (DbUuid, "db01", "Halted")));
        list = await CoverageAsync();
        Assert.Equal(["db01", "web01"], list.EnumerateArray().Select(v => v.GetProperty("name").GetString()));
        Assert.Equal("not-running", State(list, "db01"));
    }
}
