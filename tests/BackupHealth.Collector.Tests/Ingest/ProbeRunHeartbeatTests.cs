using System.Net.Http.Json;
using System.Text.Json;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace BackupHealth.Collector.Tests.Ingest;

/// <summary>Each heartbeat carries every probe's latest run: the collector stores it, the agents API shows a last run
/// that moves, and probe_error / probe_stalled judge from it. Real gRPC stream, real SQLite file, fake time.</summary>
public sealed class ProbeRunHeartbeatTests : IAsyncLifetime
{
    private TestCollector _collector = null!;

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync(settings =>
        settings["Collector:Alerts:EvaluationInterval"] = "01:00:00");

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    private DateTimeOffset Now => _collector.Time.GetUtcNow();

    private static Hello HelloWithInterval(TimeSpan interval)
    {
        var hello = TestAgent.Hello("hv01");
        hello.Probes[0].Interval = Duration.FromTimeSpan(interval);
        return hello;
    }

    private async Task<TestAgent> ConnectAsync(TimeSpan interval)
    {
        var agent = TestAgent.Open(_collector.Client, TestCollector.ContosoToken);
        await agent.SendAsync(new AgentMessage { Hello = HelloWithInterval(interval) });
        await agent.SendCommittedAsync(new AgentMessage { Heartbeat = new Heartbeat() });
        return agent;
    }

    private static AgentMessage Health(DateTimeOffset lastRun, string message) => new()
    {
        ProbeHealth = new ProbeHealthReport
        {
            Probes =
            {
                new ProbeHealth
                {
                    ProbeName = "nightly-files", ProbeType = "files", State = ProbeState.Error, Message = message,
                    LastRun = Timestamp.FromDateTimeOffset(lastRun), ConsecutiveFailures = 1,
                },
            },
        },
    };

    private AgentMessage Heartbeat(DateTimeOffset lastRun, int failures, DateTimeOffset? lastSuccess = null) => new()
    {
        Heartbeat = new Heartbeat
        {
            AgentTime = Timestamp.FromDateTimeOffset(Now),
            Probes =
            {
                new ProbeRunStatus
                {
                    ProbeName = "nightly-files", LastRun = Timestamp.FromDateTimeOffset(lastRun), ConsecutiveFailures = failures,
                    LastSuccess = lastSuccess is { } s ? Timestamp.FromDateTimeOffset(s) : null,
                },
            },
        },
    };

    [Fact]
    public async Task Heartbeats_move_the_probes_last_run_and_failure_count_in_the_store_and_the_agents_api()
    {
        await using var agent = await ConnectAsync(TimeSpan.FromMinutes(5));
        var firstRun = Now;
        await agent.SendCommittedAsync(Health(firstRun, "share \\\\nas01\\backup unreachable"));

        _collector.Time.Advance(TimeSpan.FromMinutes(11));
        await agent.SendCommittedAsync(Heartbeat(firstRun.AddMinutes(10), failures: 3, lastSuccess: firstRun.AddDays(-1)));

        Assert.Equal(3L, await _collector.CountAsync("SELECT consecutive_failures FROM probe_health"));
        Assert.Equal(firstRun.AddMinutes(10).ToUnixTimeMilliseconds(), await _collector.CountAsync("SELECT last_run FROM probe_health"));
        Assert.Equal(firstRun.AddDays(-1).ToUnixTimeMilliseconds(), await _collector.CountAsync("SELECT last_success FROM probe_health"));
        Assert.Equal(60_000L, await _collector.CountAsync("SELECT run_age_ms FROM probe_health"));
        Assert.Equal("share \\\\nas01\\backup unreachable", await _collector.ScalarAsync("SELECT message FROM probe_health"));
        var probe = (await _collector.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/agents", UriKind.Relative)))[0].GetProperty("probes")[0];
        Assert.Equal(firstRun.AddMinutes(10).UtcDateTime, probe.GetProperty("lastRun").GetDateTime());
    }

    [Fact]
    public async Task A_probe_failing_the_same_way_fires_probe_error_on_its_third_failure_from_heartbeats()
    {
        await using var agent = await ConnectAsync(TimeSpan.FromMinutes(1));
        await agent.SendCommittedAsync(Health(Now, "401 Unauthorized"));

        _collector.Time.Advance(TimeSpan.FromMinutes(1));
        await agent.SendCommittedAsync(Heartbeat(Now, failures: 2));
        Assert.DoesNotContain(await EvaluateAsync(), a => a.Rule == "probe_error");

        _collector.Time.Advance(TimeSpan.FromMinutes(1));
        await agent.SendCommittedAsync(Heartbeat(Now, failures: 3));
        var alert = Assert.Single(await EvaluateAsync(), a => a.Rule == "probe_error");
        Assert.StartsWith("3 failed cycles in a row", alert.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_probe_that_stops_running_fires_probe_stalled_after_three_of_its_intervals()
    {
        await using var agent = await ConnectAsync(TimeSpan.FromMinutes(5));
        var lastRun = Now;
        await agent.SendCommittedAsync(Health(lastRun, "slow"));

        _collector.Time.Advance(TimeSpan.FromMinutes(15));
        await agent.SendCommittedAsync(Heartbeat(lastRun, failures: 1));
        Assert.DoesNotContain(await EvaluateAsync(), a => a.Rule == "probe_stalled");

        _collector.Time.Advance(TimeSpan.FromMinutes(1));
        await agent.SendCommittedAsync(Heartbeat(lastRun, failures: 1));
        var alert = Assert.Single(await EvaluateAsync(), a => a.Rule == "probe_stalled");
        Assert.Equal("Probe nightly-files on hv01 has stopped running", alert.Title);

        _collector.Time.Advance(TimeSpan.FromMinutes(1));
        await agent.SendCommittedAsync(Heartbeat(Now, failures: 0));
        Assert.Equal("resolved", Assert.Single(await EvaluateAsync(), a => a.Rule == "probe_stalled").State);
    }

    [Theory]
    [InlineData("", 0, "heartbeat: probes[0].probe_name is empty")]
    [InlineData("nightly-files", -1, "heartbeat: probes[0].consecutive_failures is negative")]
    public async Task A_heartbeat_with_a_bad_probe_run_is_refused_and_not_stored(string probe, int failures, string reason)
    {
        await using var agent = await ConnectAsync(TimeSpan.FromMinutes(5));
        await agent.SendCommittedAsync(Health(Now, "x"));
        var heartbeat = Heartbeat(Now.AddMinutes(3), failures);
        heartbeat.Heartbeat.Probes[0].ProbeName = probe;
        heartbeat.Heartbeat.OutboxDepth = 99;

        _collector.Time.Advance(TimeSpan.FromMinutes(5));
        await agent.SendAsync(heartbeat);
        var error = await agent.WaitForErrorAsync();

        Assert.Equal((StatusCode.InvalidArgument, reason), (error.StatusCode, error.Status.Detail));
        Assert.Equal(0L, await _collector.CountAsync("SELECT count(*) FROM agents WHERE outbox_depth = 99"));
        Assert.Equal(1L, await _collector.CountAsync("SELECT consecutive_failures FROM probe_health"));
    }

    [Fact]
    public async Task A_heartbeat_with_a_time_no_timestamp_can_hold_is_refused()
    {
        await using var agent = await ConnectAsync(TimeSpan.FromMinutes(5));
        var heartbeat = Heartbeat(Now, 0);
        heartbeat.Heartbeat.Probes[0].LastRun = new Timestamp { Seconds = long.MaxValue };

        await agent.SendAsync(heartbeat);
        var error = await agent.WaitForErrorAsync();

        Assert.Equal((StatusCode.InvalidArgument, "heartbeat: probes[0].last_run is not a valid timestamp"), (error.StatusCode, error.Status.Detail));
    }

    private Task<List<AlertView>> EvaluateAsync() => AlertsApi.EvaluateAsync(_collector.Http);
}
