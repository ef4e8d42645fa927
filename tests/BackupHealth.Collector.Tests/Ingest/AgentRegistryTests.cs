using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace BackupHealth.Collector.Tests.Ingest;

public sealed class AgentRegistryTests : IAsyncLifetime
{
    private TestCollector _collector = null!;

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync();

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    private Task<long> OpenStreamsAsync(string agentId) =>
        _collector.CountAsync("SELECT coalesce(sum(open_streams), -1) FROM agents WHERE agent_key = $k", ("$k", agentId));

    [Fact]
    public async Task An_agent_is_connected_while_its_stream_is_open_and_not_after()
    {
        var agent = await _collector.ConnectAsync("agent-1");
        var whileOpen = await OpenStreamsAsync("agent-1");

        await agent.CompleteAsync();
        await agent.DisposeAsync();

        Assert.Equal(1L, whileOpen);
        await Poll.UntilAsync(async () => await OpenStreamsAsync("agent-1") == 0, "the agent counts as disconnected");
    }

    [Fact]
    public async Task A_stream_the_agent_abandons_also_counts_as_disconnected()
    {
        var agent = await _collector.ConnectAsync("agent-1");

        await agent.DisposeAsync();

        await Poll.UntilAsync(async () => await OpenStreamsAsync("agent-1") == 0, "the cancelled stream counts as disconnected");
    }

    [Fact]
    public async Task A_reconnect_that_overlaps_the_old_stream_stays_connected()
    {
        var old = await _collector.ConnectAsync("agent-1");
        await using var current = await _collector.ConnectAsync("agent-1");

        await old.CompleteAsync();
        await old.DisposeAsync();

        await Poll.UntilAsync(async () => await OpenStreamsAsync("agent-1") == 1, "only the old stream is closed");
    }

    [Fact]
    public async Task Hello_registers_the_agent_and_heartbeats_move_last_seen()
    {
        await using var agent = await _collector.ConnectAsync("agent-1");
        var seenAtHello = await LastSeenAsync();

        _collector.Time.Advance(TimeSpan.FromMinutes(5));
        await agent.SendAsync(new AgentMessage { Heartbeat = new Heartbeat { OutboxDepth = 42, AgentTime = Timestamp.FromDateTimeOffset(_collector.Time.GetUtcNow()) } });

        Assert.Equal(TestCollector.StartTime.ToUnixTimeMilliseconds(), seenAtHello);
        await Poll.UntilAsync(async () => await LastSeenAsync() == TestCollector.StartTime.AddMinutes(5).ToUnixTimeMilliseconds(), "the heartbeat is recorded");
        Assert.Equal(42L, await _collector.CountAsync("SELECT outbox_depth FROM agents"));
        Assert.Equal(1L, await _collector.CountAsync("SELECT count(*) FROM agents WHERE host_name = 'agent-1.example.test' AND version = '1.2.3' AND os = 'Linux'"));
        Assert.Equal(TestCollector.StartTime.ToUnixTimeMilliseconds(), await _collector.CountAsync("SELECT first_seen FROM agents"));
    }

    [Fact]
    public async Task Probe_health_and_inventory_are_stored_latest_only()
    {
        await using var agent = await _collector.ConnectAsync("agent-1");

        await agent.SendAsync(new AgentMessage { ProbeHealth = new ProbeHealthReport { Probes = { new ProbeHealth { ProbeName = "nightly-files", ProbeType = "files", State = ProbeState.Error, Message = "access denied" } } } });
        await agent.SendAsync(new AgentMessage { ProbeHealth = new ProbeHealthReport { Probes = { new ProbeHealth { ProbeName = "nightly-files", ProbeType = "files", State = ProbeState.Ok } } } });
        await agent.SendAsync(new AgentMessage { Inventory = Inventory("vm-a", "vm-b", "vm-c") });
        await agent.SendAsync(new AgentMessage { Inventory = Inventory("vm-b", "vm-d") });
        await agent.SendBatchAsync(Observations.Batch(1));
        await agent.WaitForAckAsync(1);

        Assert.Equal(1L, await _collector.CountAsync("SELECT count(*) FROM probe_health WHERE state = 'ok' AND message = ''"));
        Assert.Equal(1L, await _collector.CountAsync("SELECT count(*) FROM probe_health"));
        Assert.Equal(2L, await _collector.CountAsync("SELECT count(*) FROM inventory_items WHERE item_id IN ('vm-b', 'vm-d')"));
        Assert.Equal(2L, await _collector.CountAsync("SELECT count(*) FROM inventory_items"));
    }

    [Fact]
    public async Task Job_lists_replace_the_probes_previous_list_and_jobs_remember_their_probe()
    {
        await using var agent = await _collector.ConnectAsync("agent-1");
        static JobListing Job(string key, bool enabled) => new() { JobKey = key, JobName = key.ToUpperInvariant(), SourceKind = "veeam.vbr", Enabled = enabled };

        await agent.SendAsync(new AgentMessage { Jobs = new JobListReport { ProbeName = "vbr", Jobs = { Job("sql01", true), Job("fs01", true) } } });
        await agent.SendAsync(new AgentMessage { Jobs = new JobListReport { ProbeName = "vbr", Jobs = { Job("sql01", false) } } });
        await agent.SendAsync(new AgentMessage { Jobs = new JobListReport { ProbeName = "empty-source" } });
        var run = Observations.Valid("run-1");
        run.ProbeName = "vbr";
        await agent.SendBatchAsync(Observations.Batch(1, run));
        await agent.WaitForAckAsync(1);

        Assert.Equal(1L, await _collector.CountAsync("SELECT count(*) FROM job_listings"));
        Assert.Equal(1L, await _collector.CountAsync("SELECT count(*) FROM job_listings WHERE job_key = 'sql01' AND enabled = 0 AND job_name = 'SQL01'"));
        Assert.Equal(2L, await _collector.CountAsync("SELECT count(*) FROM job_list_reports"));
        // Every job listed once is a job (fs01 too, though no longer listed), and each remembers its probe.
        Assert.Equal(3L, await _collector.CountAsync("SELECT count(*) FROM jobs WHERE probe_name = 'vbr' AND first_seen IS NOT NULL"));
    }

    [Fact]
    public async Task A_job_list_with_an_empty_job_key_is_rejected()
    {
        await using var agent = await _collector.ConnectAsync("agent-1");

        await agent.SendAsync(new AgentMessage { Jobs = new JobListReport { ProbeName = "vbr", Jobs = { new JobListing { JobKey = "" } } } });
        var error = await agent.WaitForErrorAsync();

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("jobs: jobs[0].job_key is empty", error.Status.Detail);
        Assert.Equal(0L, await _collector.CountAsync("SELECT count(*) FROM job_list_reports"));
    }

    [Fact]
    public async Task An_invalid_probe_report_is_rejected()
    {
        await using var agent = await _collector.ConnectAsync("agent-1");

        await agent.SendAsync(new AgentMessage { ProbeHealth = new ProbeHealthReport { Probes = { new ProbeHealth { ProbeName = "" } } } });
        var error = await agent.WaitForErrorAsync();

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("probe_health: probes[0]: probe_name is empty", error.Status.Detail);
    }

    [Fact]
    public async Task Stopping_the_collector_ends_open_streams_as_unavailable()
    {
        await using var agent = await _collector.ConnectAsync("agent-1");

        var stopping = _collector.App.StopAsync();
        var error = await agent.WaitForErrorAsync();
        await stopping;

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(0L, await OpenStreamsAsync("agent-1"));
    }

    private static InventoryReport Inventory(params string[] ids) => new()
    {
        ProbeName = "xen-pool",
        Hypervisor = "xcp-ng",
        Items = { ids.Select(id => new InventoryItem { Id = id, Name = id.ToUpperInvariant(), PowerState = "running" }) },
    };

    private Task<long> LastSeenAsync() => _collector.CountAsync("SELECT last_seen FROM agents");
}
