using BackupHealth.Collector.Model;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Ingest;
using BackupHealth.Collector.Store.Sqlite.Writer;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Collector.Tests.Store;

/// <summary>Each write the ingest service makes, through <see cref="SqliteIngestStore"/> on a real SQLite file, checked
/// row by row: the agent's connection, heartbeats, probe health, job lists, inventories and batches.</summary>
public sealed class IngestStoreTests : IAsyncLifetime
{
    private const string Hostile = "vm01\u202Egpj.exe\u2066";
    private const string Shown = "vm01gpj.exe";
    private static readonly string[] Contoso = ["Contoso Ltd"];

    private readonly TestStore _store = new();
    private readonly FakeTimeProvider _time = new(TestCollector.StartTime);
    private readonly ChangeFeed _changes = new();
    private readonly SqliteIngestStore _ingest;

    public IngestStoreTests()
    {
        _ingest = new SqliteIngestStore(_store.Writer, _time, _changes);
        _store.StartWriter();
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _store.DisposeWithoutErrorsAsync();

    [Fact]
    public async Task Each_stream_counts_as_open_until_it_ends_never_below_none_and_last_seen_only_moves_forward()
    {
        var connected = Now;
        var agent = await ConnectAsync(TestAgent.Hello("agent-1"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(agent, await ConnectAsync(TestAgent.Hello("agent-1")));
        var twoOpen = await AgentAsync("open_streams, first_seen, last_seen");
        var versionAfterConnects = _changes.VersionFor(Contoso);

        _time.Advance(TimeSpan.FromSeconds(1));
        await _ingest.DisconnectAgentAsync(agent, CancellationToken.None).WaitAsync(TestStore.WriteLimit);
        var oneOpen = await AgentAsync("open_streams, last_seen");
        _time.Advance(TimeSpan.FromSeconds(1));
        await _ingest.DisconnectAgentAsync(agent, CancellationToken.None).WaitAsync(TestStore.WriteLimit);
        await _ingest.DisconnectAgentAsync(agent, CancellationToken.None).WaitAsync(TestStore.WriteLimit);
        var noneOpen = await AgentAsync("open_streams, last_seen");
        // A stream's end handled late (its time taken before the last one's) does not move last_seen back.
        await WriteAsync(s => s.DisconnectAgent(agent, connected));

        Assert.Equal([2L, connected, connected + 1_000], twoOpen);
        Assert.Equal(2L, versionAfterConnects);
        Assert.Equal([1L, connected + 2_000], oneOpen);
        Assert.Equal([0L, connected + 3_000], noneOpen);
        Assert.Equal([0L, connected + 3_000], await AgentAsync("open_streams, last_seen"));
        Assert.Equal(5L, _changes.VersionFor(Contoso));
    }

    [Fact]
    public async Task A_hello_is_stored_without_bidi_controls_except_the_agents_own_id()
    {
        var hello = TestAgent.Hello("agent-1");
        hello.HostName = Hostile;
        hello.OsDescription = Hostile;
        hello.AgentVersion = Hostile;
        hello.Probes[0].Name = Hostile;

        await ConnectAsync(hello);

        Assert.Equal(["agent-1", Shown, Shown, Shown, $$"""[{"name":"{{Shown}}","type":"files"}]"""],
            await AgentAsync("agent_key, host_name, os, version, probes"));
    }

    [Fact]
    public async Task A_heartbeat_stores_the_outbox_depth_and_when_its_backlog_began_until_it_is_empty()
    {
        var agent = await ConnectAsync(TestAgent.Hello("agent-1"));
        var start = Now;

        _time.Advance(TimeSpan.FromSeconds(1));
        await HeartbeatAsync(agent, new Heartbeat { OutboxDepth = 5 });
        var backlog = await AgentAsync("last_seen, outbox_depth, backlog_since");
        _time.Advance(TimeSpan.FromSeconds(1));
        await HeartbeatAsync(agent, new Heartbeat { OutboxDepth = 7 });
        var stillBacklog = await AgentAsync("last_seen, outbox_depth, backlog_since");
        _time.Advance(TimeSpan.FromSeconds(1));
        await HeartbeatAsync(agent, new Heartbeat { OutboxDepth = 0 });
        var empty = await AgentAsync("last_seen, outbox_depth, backlog_since");
        // A heartbeat handled late does not move last_seen back.
        await WriteAsync(s => s.RecordHeartbeat(agent, new Heartbeat { OutboxDepth = 0 }, start));

        Assert.Equal([start + 1_000, 5L, start + 1_000], backlog);
        Assert.Equal([start + 2_000, 7L, start + 1_000], stillBacklog);
        Assert.Equal([start + 3_000, 0L, null], empty);
        Assert.Equal([start + 3_000, 0L, null], await AgentAsync("last_seen, outbox_depth, backlog_since"));
    }

    [Fact]
    public async Task A_probe_health_report_is_stored_with_every_field_and_replaces_the_probes_earlier_one()
    {
        var agent = await ConnectAsync(TestAgent.Hello("agent-1"));
        var t = TestCollector.StartTime;
        var failing = new ProbeHealth
        {
            ProbeName = Hostile, ProbeType = Hostile, State = ProbeState.Error, Message = Hostile,
            LastRun = Timestamp.FromDateTimeOffset(t.AddMinutes(-10)), LastSuccess = Timestamp.FromDateTimeOffset(t.AddDays(-1)),
            ConsecutiveFailures = 3, Details = { ["api_version"] = "1.2" },
        };

        await ProbeHealthAsync(agent, failing);
        var first = await ProbeHealthRowsAsync();
        var versionAfterReport = _changes.VersionFor(Contoso);
        _time.Advance(TimeSpan.FromMinutes(1));
        await ProbeHealthAsync(agent, new ProbeHealth
        {
            ProbeName = Shown, ProbeType = "files", State = ProbeState.OutboxFull, Message = "outbox full",
            LastRun = Timestamp.FromDateTimeOffset(t.AddMinutes(-1)), ConsecutiveFailures = 0,
        });

        Assert.Equal([[Shown, Shown, "error", Shown, Ms(t.AddMinutes(-10)), Ms(t.AddDays(-1)), 3L, Ms(t), """{"api_version":"1.2"}""", null]], first);
        Assert.Equal(2L, versionAfterReport);
        Assert.Equal([[Shown, "files", StatusNames.OutboxFull, "outbox full", Ms(t.AddMinutes(-1)), null, 0L, Now, null, null]], await ProbeHealthRowsAsync());
    }

    [Fact]
    public async Task A_heartbeat_moves_each_known_probes_latest_run_but_not_its_state_or_message()
    {
        var agent = await ConnectAsync(TestAgent.Hello("agent-1"));
        var t = TestCollector.StartTime;
        await ProbeHealthAsync(agent, new ProbeHealth
        {
            ProbeName = Shown, ProbeType = "files", State = ProbeState.Error, Message = "access denied",
            LastRun = Timestamp.FromDateTimeOffset(t.AddHours(-1)), ConsecutiveFailures = 1,
        });
        // The agent's clock runs an hour ahead of the collector's: the run's age is told by the agent's clock alone.
        var agentTime = t.AddHours(1);
        var reported = Now;
        _time.Advance(TimeSpan.FromMinutes(1));

        await HeartbeatAsync(agent, new Heartbeat
        {
            AgentTime = Timestamp.FromDateTimeOffset(agentTime),
            Probes =
            {
                new ProbeRunStatus
                {
                    ProbeName = Hostile, LastRun = Timestamp.FromDateTimeOffset(agentTime.AddSeconds(-90)),
                    LastSuccess = Timestamp.FromDateTimeOffset(agentTime.AddDays(-2)), ConsecutiveFailures = 4,
                },
                new ProbeRunStatus { ProbeName = "never-reported", LastRun = Timestamp.FromDateTimeOffset(agentTime), ConsecutiveFailures = 9 },
            },
        });
        var afterRun = await ProbeHealthRowsAsync();
        await HeartbeatAsync(agent, new Heartbeat
        {
            AgentTime = Timestamp.FromDateTimeOffset(agentTime),
            Probes = { new ProbeRunStatus { ProbeName = Shown, LastRun = Timestamp.FromDateTimeOffset(agentTime.AddSeconds(5)), ConsecutiveFailures = 0 } },
        });
        var runAfterAgentTime = await ProbeHealthRowsAsync();
        await HeartbeatAsync(agent, new Heartbeat { Probes = { new ProbeRunStatus { ProbeName = Shown, LastRun = Timestamp.FromDateTimeOffset(agentTime) } } });

        Assert.Equal([[Shown, "files", "error", "access denied", Ms(agentTime.AddSeconds(-90)), Ms(agentTime.AddDays(-2)), 4L, reported, null, 90_000L]], afterRun);
        Assert.Equal([[Shown, "files", "error", "access denied", Ms(agentTime.AddSeconds(5)), null, 0L, reported, null, 0L]], runAfterAgentTime);
        Assert.Equal([[Shown, "files", "error", "access denied", Ms(agentTime), null, 0L, reported, null, null]], await ProbeHealthRowsAsync());
    }

    [Fact]
    public async Task A_job_list_replaces_the_probes_listings_and_names_its_jobs_until_they_run()
    {
        var agent = await ConnectAsync(TestAgent.Hello("agent-1"));
        var t = TestCollector.StartTime;
        var listed = Now;
        await JobListAsync(agent, new JobListReport
        {
            ProbeName = Hostile,
            Jobs =
            {
                new JobListing { JobKey = "job-1", JobName = "Nightly", SourceKind = "vbr", Enabled = true, NextRun = Timestamp.FromDateTimeOffset(t.AddHours(10)), Attributes = { ["type"] = "backup" } },
                new JobListing { JobKey = "job-2", JobName = Hostile, SourceKind = Hostile, Enabled = false },
                new JobListing { JobKey = "job-3", JobName = "Weekly", SourceKind = "vbr", Enabled = true },
            },
        });
        await JobListAsync(agent, new JobListReport { ProbeName = "other", Jobs = { new JobListing { JobKey = "job-9", JobName = "Other", SourceKind = "files" } } });
        var firstListings = await ListingsAsync();
        var firstJobs = await JobRowsAsync();
        // job-1 runs: from now on its runs name it. Its run finds the job the listing made (one job, not a second).
        await InsertBatchAsync(agent, Observations.Valid("obs-1", jobKey: "job-1"));
        _time.Advance(TimeSpan.FromMinutes(5));

        await JobListAsync(agent, new JobListReport
        {
            ProbeName = Shown,
            Jobs =
            {
                new JobListing { JobKey = "job-1", JobName = "Nightly renamed", SourceKind = "vbr2", Enabled = false },
                new JobListing { JobKey = "job-3", JobName = "Weekly renamed", SourceKind = "vbr2", Enabled = true },
                new JobListing { JobKey = "job-4", JobName = "New", SourceKind = "vbr", Enabled = true },
            },
        });

        Assert.Equal(
        [
            ["other", "job-9", "Other", "files", 0L, null, null, listed],
            [Shown, "job-1", "Nightly", "vbr", 1L, Ms(t.AddHours(10)), """{"type":"backup"}""", listed],
            [Shown, "job-2", Shown, Shown, 0L, null, null, listed],
            [Shown, "job-3", "Weekly", "vbr", 1L, null, null, listed],
        ], firstListings);
        Assert.Equal(
        [
            ["job-1", "Nightly", "vbr", "", Shown, listed],
            ["job-2", Shown, Shown, "", Shown, listed],
            ["job-3", "Weekly", "vbr", "", Shown, listed],
            ["job-9", "Other", "files", "", "other", listed],
        ], firstJobs);
        Assert.Equal(
        [
            ["other", "job-9", "Other", "files", 0L, null, null, listed],
            [Shown, "job-1", "Nightly renamed", "vbr2", 0L, null, null, Now],
            [Shown, "job-3", "Weekly renamed", "vbr2", 1L, null, null, Now],
            [Shown, "job-4", "New", "vbr", 1L, null, null, Now],
        ], await ListingsAsync());
        Assert.Equal(
        [
            ["job-1", "Job job-1", "files", "vm01", Shown, listed],
            ["job-2", Shown, Shown, "", Shown, listed],
            ["job-3", "Weekly renamed", "vbr2", "", Shown, listed],
            ["job-4", "New", "vbr", "", Shown, Now],
            ["job-9", "Other", "files", "", "other", listed],
        ], await JobRowsAsync());
        Assert.Equal([["other", listed], [Shown, Now]],
            await _store.RowsAsync("SELECT probe_name, reported_at FROM job_list_reports ORDER BY probe_name"));
    }

    [Fact]
    public async Task An_inventory_replaces_the_probes_items_and_each_item_is_first_seen_once_per_site()
    {
        var agent = await ConnectAsync(TestAgent.Hello("agent-1"));
        var site = await _store.SiteIdAsync();
        var t = TestCollector.StartTime;
        var first = Now;
        await InventoryAsync(agent, new InventoryReport
        {
            ProbeName = Hostile, Hypervisor = Hostile, TakenAt = Timestamp.FromDateTimeOffset(t.AddMinutes(-2)),
            Items =
            {
                new InventoryItem { Id = "vm-1", Name = Hostile, PowerState = Hostile, Attributes = { ["os"] = "linux" } },
                new InventoryItem { Id = "vm-2", Name = "db01", PowerState = "halted" },
            },
        });
        await InventoryAsync(agent, new InventoryReport { ProbeName = "hyperv", Hypervisor = "hyperv", Items = { new InventoryItem { Id = "vm-9", Name = "other", PowerState = "running" } } });
        var firstItems = await InventoryRowsAsync();
        _time.Advance(TimeSpan.FromHours(1));

        await InventoryAsync(agent, new InventoryReport
        {
            ProbeName = Shown, Hypervisor = "xen",
            Items =
            {
                new InventoryItem { Id = "vm-2", Name = "db01", PowerState = "running" },
                new InventoryItem { Id = "vm-3", Name = "web01", PowerState = "running" },
            },
        });

        Assert.Equal(
        [
            ["hyperv", "vm-9", "other", "running", "hyperv", null, null, first],
            [Shown, "vm-1", Shown, Shown, Shown, """{"os":"linux"}""", Ms(t.AddMinutes(-2)), first],
            [Shown, "vm-2", "db01", "halted", Shown, null, Ms(t.AddMinutes(-2)), first],
        ], firstItems);
        Assert.Equal(
        [
            ["hyperv", "vm-9", "other", "running", "hyperv", null, null, first],
            [Shown, "vm-2", "db01", "running", "xen", null, null, Now],
            [Shown, "vm-3", "web01", "running", "xen", null, null, Now],
        ], await InventoryRowsAsync());
        Assert.Equal([[site, "vm-1", first], [site, "vm-2", first], [site, "vm-3", Now], [site, "vm-9", first]],
            await _store.RowsAsync("SELECT site_id, item_id, first_seen FROM inventory_first_seen ORDER BY item_id"));
    }

    [Fact]
    public async Task A_batch_is_stored_without_bidi_controls_and_counted_by_status()
    {
        var agent = await ConnectAsync(TestAgent.Hello("agent-1"));
        var hostile = Observations.Valid("obs-1", jobName: Hostile);
        hostile.Message = Hostile;

        var inserted = await InsertBatchAsync(agent, hostile, Observations.Valid("obs-2", status: RunStatus.Failed), Observations.Valid("obs-3", status: RunStatus.Failed));

        Assert.Equal(3, inserted.Total);
        Assert.Equal([(StatusNames.Success, 1), (StatusNames.Warning, 0), (StatusNames.Failed, 2), (StatusNames.Running, 0)], inserted.ByStatus());
        Assert.Equal([[Shown]], await _store.RowsAsync("SELECT message FROM observations WHERE observation_id = 'obs-1'"));
        Assert.Equal(2L, _changes.VersionFor(Contoso));
    }

    [Fact]
    public async Task A_finished_run_is_placed_at_its_end_and_a_success_without_an_end_succeeded_at_its_start()
    {
        var agent = await ConnectAsync(TestAgent.Hello("agent-1"));
        var t = TestCollector.StartTime;
        var ended = Observations.Valid("ended", end: t.AddHours(-5));
        var noEnd = Observations.Valid("no-end", jobKey: "job-2", end: t.AddHours(-3));
        noEnd.EndTime = null;

        await InsertBatchAsync(agent, ended, noEnd);

        Assert.Equal([["ended", Ms(t.AddHours(-5))], ["no-end", Ms(t.AddHours(-3).AddMinutes(-10))]],
            await _store.RowsAsync("SELECT observation_id, run_time FROM observations ORDER BY observation_id"));
        Assert.Equal([["job-1", Ms(t.AddHours(-5)), Ms(t.AddHours(-5))], ["job-2", Ms(t.AddHours(-3).AddMinutes(-10)), Ms(t.AddHours(-3).AddMinutes(-10))]],
            await _store.RowsAsync("SELECT job_key, latest_time, last_success FROM jobs ORDER BY job_key"));
    }

    [Fact]
    public async Task A_retried_run_supersedes_its_failed_attempt()
    {
        var agent = await ConnectAsync(TestAgent.Hello("agent-1"));
        var t = TestCollector.StartTime;
        var failed = Observations.Valid("attempt-1", status: RunStatus.Failed, end: t.AddHours(-3));
        failed.WillRetry = true;
        failed.RunId = "session-1";
        var retried = Observations.Valid("attempt-2", end: t.AddHours(-2));
        retried.RunId = "session-1";
        var other = Observations.Valid("other", status: RunStatus.Failed, end: t.AddHours(-4));
        other.RunId = "session-0";

        await InsertBatchAsync(agent, failed, other);
        var beforeRetry = await SupersededAsync();
        await InsertBatchAsync(agent, retried);

        Assert.Equal([["attempt-1", 0L], ["other", 0L]], beforeRetry);
        Assert.Equal([["attempt-1", 1L], ["attempt-2", 0L], ["other", 0L]], await SupersededAsync());
    }

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private async Task<long> ConnectAsync(Hello hello) =>
        await _ingest.ConnectAgentAsync(await _store.SiteIdAsync(), hello, CancellationToken.None).WaitAsync(TestStore.WriteLimit);

    private Task<bool> WriteAsync(Action<WriteSession> write) =>
        _store.Writer.ExecuteAsync(s => { write(s); return true; }, CancellationToken.None).WaitAsync(TestStore.WriteLimit);

    private Task HeartbeatAsync(long agent, Heartbeat heartbeat) =>
        _ingest.RecordHeartbeatAsync(agent, heartbeat, CancellationToken.None).WaitAsync(TestStore.WriteLimit);

    private Task ProbeHealthAsync(long agent, ProbeHealth probe) =>
        _ingest.RecordProbeHealthAsync(agent, new ProbeHealthReport { Probes = { probe } }, CancellationToken.None).WaitAsync(TestStore.WriteLimit);

    private Task JobListAsync(long agent, JobListReport report) =>
        _ingest.ReplaceJobListAsync(agent, report, CancellationToken.None).WaitAsync(TestStore.WriteLimit);

    private Task InventoryAsync(long agent, InventoryReport report) =>
        _ingest.ReplaceInventoryAsync(agent, report, CancellationToken.None).WaitAsync(TestStore.WriteLimit);

    private async Task<InsertedRuns> InsertBatchAsync(long agent, params Observation[] observations)
    {
        var committed = await _ingest.EnqueueBatchAsync(agent, Observations.Batch(1, observations), CancellationToken.None).AsTask().WaitAsync(TestStore.WriteLimit);
        return await committed.WaitAsync(TestStore.WriteLimit);
    }

    private async Task<object?[]> AgentAsync(string columns) => Assert.Single(await _store.RowsAsync($"SELECT {columns} FROM agents"));

    private Task<List<object?[]>> ProbeHealthRowsAsync() => _store.RowsAsync("""
        SELECT probe_name, probe_type, state, message, last_run, last_success, consecutive_failures, reported_at, details, run_age_ms
        FROM probe_health
        """);

    private Task<List<object?[]>> ListingsAsync() => _store.RowsAsync("""
        SELECT probe_name, job_key, job_name, source_kind, enabled, next_run, attributes, reported_at
        FROM job_listings ORDER BY probe_name, job_key
        """);

    private Task<List<object?[]>> JobRowsAsync() =>
        _store.RowsAsync("SELECT job_key, name, source_kind, protected_object, probe_name, first_seen FROM jobs ORDER BY job_key");

    private Task<List<object?[]>> InventoryRowsAsync() => _store.RowsAsync("""
        SELECT probe_name, item_id, name, power_state, hypervisor, attributes, taken_at, received_at
        FROM inventory_items ORDER BY probe_name, item_id
        """);

    private Task<List<object?[]>> SupersededAsync() =>
        _store.RowsAsync("SELECT observation_id, superseded FROM observations ORDER BY observation_id");
}
