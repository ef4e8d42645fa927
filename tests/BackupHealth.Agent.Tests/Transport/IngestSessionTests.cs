using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Outbox;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Agent.Transport;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;
using Grpc.Core;
using NSubstitute;

namespace BackupHealth.Agent.Tests.Transport;

public sealed partial class IngestSessionTests : IDisposable
{
    private readonly TempDirectory _temp = new("session");
    private readonly TestLogging _logging = new();
    private readonly TimerCountingTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeIngestStream _stream = new();
    private readonly ObservationOutbox _outbox;
    private readonly ProbeHealthBoard _health;
    private readonly CancellationTokenSource _stop = new();

    public IngestSessionTests()
    {
        _outbox = new ObservationOutbox(_temp.Combine("outbox"), 1, _time, _logging.For<ObservationOutbox>());
        _health = new ProbeHealthBoard(_time);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _logging.Dispose();
        _temp.Dispose();
    }

    private Task<SessionOutcome> Start(int maxInFlight = 8, int maxBatch = 1)
    {
        var options = new AgentOptions
        {
            Id = "agent-1",
            CollectorUrl = "https://127.0.0.1:1",
            MaxInFlightBatches = maxInFlight,
            MaxBatchObservations = maxBatch,
            HeartbeatInterval = TimeSpan.FromSeconds(30),
        };
        var hello = new Hello { AgentId = "agent-1" };
        var session = new IngestSession(_stream, _outbox, _health, options, hello, _time, _logging.For<IngestSession>());
        return Task.Run(async () =>
        {
            using (session)
            {
                return await session.RunAsync(_stop.Token);
            }
        });
    }

    /// <summary>One outbox file (so one batch, with MaxBatchObservations 1) per observation.</summary>
    private async Task Queue(params string[] ids)
    {
        foreach (var id in ids)
        {
            await _outbox.AppendAsync([TestObservations.Valid(id, _time.GetUtcNow())], CancellationToken.None);
        }
    }

    private string[] RemainingFiles() => Directory.GetFiles(_temp.Combine("outbox"), "*.obs").Select(Path.GetFileName).Order().ToArray()!;

    [Fact]
    public async Task Hello_first_then_probe_health_once_after_welcome()
    {
        _health.Record(Probe("nas"), ProbeResult.Error("folder gone"));
        var run = Start();

        var hello = await _stream.NextSentAsync();
        Assert.Equal("agent-1", hello.Hello.AgentId);
        Assert.False(_stream.TryTakeSent(out _)); // nothing before the Welcome
        await _stream.WelcomeAsync();
        var health = await _stream.NextSentAsync();

        var probe = Assert.Single(health.ProbeHealth.Probes);
        Assert.Equal(("nas", ProbeState.Error, "folder gone"), (probe.ProbeName, probe.State, probe.Message));

        // Sent once: the next thing written is the first heartbeat, not the same report again.
        await Poll.UntilAsync(() => _time.TimersCreated >= 1, "the heartbeat timer exists");
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(AgentMessage.BodyOneofCase.Heartbeat, (await _stream.NextSentAsync()).BodyCase);
        _stop.Cancel();
        Assert.Null((await run).Error);
    }

    [Fact]
    public async Task Ack_with_sequence_n_acknowledges_every_batch_up_to_n()
    {
        await Queue("a", "b", "c");
        var run = Start();
        await _stream.NextSentAsync();
        await _stream.WelcomeAsync();
        var sent = new[] { await _stream.NextBatchAsync(), await _stream.NextBatchAsync(), await _stream.NextBatchAsync() };
        Assert.Equal([1UL, 2UL, 3UL], sent.Select(m => m.Observations.Sequence));
        Assert.Equal(["a", "b", "c"], sent.Select(m => m.Observations.Observations.Single().Id));

        _stream.Ack(2);

        await Poll.UntilAsync(() => _outbox.Depth == 1, "batches 1 and 2 are acknowledged");
        Assert.Equal(["0000000000000003.obs"], RemainingFiles());
        _stream.Ack(3);
        await Poll.UntilAsync(() => _outbox.Depth == 0, "batch 3 is acknowledged");
        Assert.Empty(RemainingFiles());
        _stop.Cancel();
        await run;
        _logging.Errors.AssertNone();
    }

    [Fact]
    public async Task Observations_queued_while_connected_are_sent_without_polling()
    {
        var run = Start();
        await _stream.NextSentAsync();
        await _stream.WelcomeAsync();

        await Queue("late");

        Assert.Equal("late", (await _stream.NextBatchAsync()).Observations.Observations.Single().Id);
        _stop.Cancel();
        await run;
    }

    [Fact]
    public async Task No_more_than_MaxInFlightBatches_are_unacknowledged()
    {
        await Queue("a", "b", "c", "d");
        var run = Start(maxInFlight: 2);
        await _stream.NextSentAsync();
        await _stream.WelcomeAsync();
        Assert.Equal(1UL, (await _stream.NextBatchAsync()).Observations.Sequence);
        Assert.Equal(2UL, (await _stream.NextBatchAsync()).Observations.Sequence);

        // A heartbeat is written through the same single writer, so once it arrives anything queued before it has too.
        await Poll.UntilAsync(() => _time.TimersCreated >= 1, "the heartbeat timer exists");
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(AgentMessage.BodyOneofCase.Heartbeat, (await _stream.NextSentAsync(m => m.BodyCase == AgentMessage.BodyOneofCase.ProbeHealth)).BodyCase);
        Assert.False(_stream.TryTakeSent(out _));

        _stream.Ack(1);

        Assert.Equal(3UL, (await _stream.NextBatchAsync()).Observations.Sequence);
        _stop.Cancel();
        await run;
    }

    [Fact]
    public async Task The_first_heartbeat_comes_straight_after_welcome_before_any_batch_with_the_outbox_depth()
    {
        await Queue("a", "b", "c");
        var run = Start();
        await _stream.NextSentAsync();

        var first = await _stream.WelcomeAsync();

        Assert.Equal(3, first.OutboxDepth);
        Assert.Equal(1UL, (await _stream.NextBatchAsync()).Observations.Sequence);
        _stop.Cancel();
        await run;
    }

    [Fact]
    public async Task New_data_after_a_heartbeat_that_reported_none_is_announced_by_a_heartbeat_before_its_first_batch()
    {
        var run = Start();
        await _stream.NextSentAsync();
        Assert.Equal(0, (await _stream.WelcomeAsync()).OutboxDepth);

        await Queue("a", "b");

        var announce = await _stream.NextSentAsync();
        Assert.Equal(AgentMessage.BodyOneofCase.Heartbeat, announce.BodyCase);
        Assert.InRange(announce.Heartbeat.OutboxDepth, 1, 2);
        Assert.Equal(1UL, (await _stream.NextSentAsync()).Observations.Sequence);
        _stop.Cancel();
        await run;
    }

    [Fact]
    public async Task When_the_ack_empties_a_reported_backlog_a_heartbeat_says_so_at_once()
    {
        await Queue("a", "b");
        var run = Start();
        await _stream.NextSentAsync();
        Assert.Equal(2, (await _stream.WelcomeAsync()).OutboxDepth);
        await _stream.NextBatchAsync();
        await _stream.NextBatchAsync();

        _stream.Ack(1);
        _stream.Ack(2);

        var heartbeat = await _stream.NextSentAsync();
        Assert.Equal((AgentMessage.BodyOneofCase.Heartbeat, 0L), (heartbeat.BodyCase, heartbeat.Heartbeat.OutboxDepth));
        Assert.False(_stream.TryTakeSent(out _)); // once: not again on a later ack
        _stop.Cancel();
        await run;
    }

    [Fact]
    public async Task Heartbeat_every_interval_carries_the_outbox_depth()
    {
        await Queue("a", "b");
        var run = Start();
        await _stream.NextSentAsync();
        await _stream.WelcomeAsync();
        await Poll.UntilAsync(() => _time.TimersCreated >= 1, "the heartbeat timer exists");

        _time.Advance(TimeSpan.FromSeconds(29));
        await _stream.NextBatchAsync();
        await _stream.NextBatchAsync();
        Assert.False(_stream.TryTakeSent(out _));
        _time.Advance(TimeSpan.FromSeconds(1));

        var heartbeat = (await _stream.NextSentAsync()).Heartbeat;
        Assert.Equal(2, heartbeat.OutboxDepth);
        Assert.Equal(_time.GetUtcNow(), heartbeat.AgentTime.ToDateTimeOffset());
        _stop.Cancel();
        await run;
    }

    [Fact]
    public async Task Every_heartbeat_carries_each_probes_latest_run_though_its_health_did_not_change()
    {
        var probe = Probe("nas");
        _health.Record(probe, ProbeResult.Error("share unreachable"));
        var run = Start();
        await _stream.NextSentAsync();
        await _stream.WelcomeAsync();
        Assert.Equal(1, (await _stream.NextSentAsync()).ProbeHealth.Probes.Single().ConsecutiveFailures);
        await Poll.UntilAsync(() => _time.TimersCreated >= 1, "the heartbeat timer exists");

        // The same failure twice more: no health report (nothing changed), but the heartbeat says it.
        _time.Advance(TimeSpan.FromSeconds(10));
        _health.Record(probe, ProbeResult.Error("share unreachable"));
        _time.Advance(TimeSpan.FromSeconds(10));
        _health.Record(probe, ProbeResult.Error("share unreachable"));
        _time.Advance(TimeSpan.FromSeconds(10));

        var sent = await _stream.NextSentAsync();
        Assert.Equal(AgentMessage.BodyOneofCase.Heartbeat, sent.BodyCase);
        var status = Assert.Single(sent.Heartbeat.Probes);
        Assert.Equal(("nas", 3, null), (status.ProbeName, status.ConsecutiveFailures, status.LastSuccess));
        Assert.Equal(_time.GetUtcNow().AddSeconds(-10), status.LastRun.ToDateTimeOffset());
        _stop.Cancel();
        await run;
    }

    [Fact]
    public async Task Probe_health_change_is_sent_while_connected()
    {
        var probe = Probe("nas");
        _health.Record(probe, ProbeResult.Ok([]));
        var run = Start();
        await _stream.NextSentAsync();
        await _stream.WelcomeAsync();
        Assert.Equal(ProbeState.Ok, (await _stream.NextSentAsync()).ProbeHealth.Probes.Single().State);

        _health.Record(probe, ProbeResult.Error("access denied"));

        var report = await _stream.NextSentAsync(m => m.BodyCase != AgentMessage.BodyOneofCase.ProbeHealth
            || m.ProbeHealth.Probes.Single().State == ProbeState.Ok);
        Assert.Equal("access denied", report.ProbeHealth.Probes.Single().Message);
        Assert.Equal(1, report.ProbeHealth.Probes.Single().ConsecutiveFailures);
        _stop.Cancel();
        await run;
    }

    [Fact]
    public async Task Job_lists_are_sent_after_welcome_and_again_when_they_change()
    {
        var probe = Probe("vbr");
        JobListing Job(string key, bool enabled) => new() { JobKey = key, JobName = key, SourceKind = "veeam.vbr", Enabled = enabled };
        _health.Record(probe, ProbeResult.Ok([], [Job("sql01", true), Job("fs01", true)]));
        var run = Start();
        await _stream.NextSentAsync();
        await _stream.WelcomeAsync();
        Assert.Equal(AgentMessage.BodyOneofCase.ProbeHealth, (await _stream.NextSentAsync()).BodyCase);
        var first = (await _stream.NextSentAsync()).Jobs;
        Assert.Equal("vbr", first.ProbeName);
        Assert.Equal(["fs01", "sql01"], first.Jobs.Select(j => j.JobKey));

        _health.Record(probe, ProbeResult.Ok([], [Job("fs01", true), Job("sql01", false)]));

        var changed = await _stream.NextSentAsync(m => m.BodyCase != AgentMessage.BodyOneofCase.Jobs);
        Assert.False(changed.Jobs.Jobs.Single(j => j.JobKey == "sql01").Enabled);
        _stop.Cancel();
        await run;
    }

    [Fact]
    public async Task Inventories_are_sent_after_welcome_and_again_when_a_guest_changes()
    {
        var probe = Probe("xen01");
        ProbeResult Seen(string powerState) => ProbeResult.Ok([]) with
        {
            Inventory = new ProbeInventory("xenserver", [new InventoryItem { Id = "uuid-1", Name = "sql01", PowerState = powerState }]),
        };
        _health.Record(probe, Seen("Running"));
        var run = Start();
        await _stream.NextSentAsync();
        await _stream.WelcomeAsync();
        Assert.Equal(AgentMessage.BodyOneofCase.ProbeHealth, (await _stream.NextSentAsync()).BodyCase);
        var first = (await _stream.NextSentAsync()).Inventory;
        Assert.Equal(("xen01", "xenserver", "Running"), (first.ProbeName, first.Hypervisor, first.Items.Single().PowerState));

        _health.Record(probe, Seen("Halted"));

        var changed = await _stream.NextSentAsync(m => m.BodyCase != AgentMessage.BodyOneofCase.Inventory);
        Assert.Equal("Halted", changed.Inventory.Items.Single().PowerState);
        _stop.Cancel();
        await run;
    }

    [Fact]
    public async Task Rejected_sequence_moves_that_batch_to_rejected_and_returns_the_others()
    {
        await Queue("a", "b");
        var run = Start();
        await _stream.NextSentAsync();
        await _stream.WelcomeAsync();
        await _stream.NextBatchAsync();
        await _stream.NextBatchAsync();
        _logging.Errors.Expected.Add((_, message) => message.Contains("refused", StringComparison.Ordinal));

        _stream.Fail(new RpcException(
            new Status(StatusCode.InvalidArgument, "observation 0: job_key is empty"),
            new Metadata { { IngestTrailers.RejectedSequence, "1" } }));
        var outcome = await run;

        Assert.True(outcome.Welcomed);
        Assert.Equal(StreamErrorKind.Rejected, outcome.Error!.Kind);
        Assert.True(File.Exists(_temp.Combine("outbox", "rejected", "0000000000000001.obs")));
        Assert.Equal(["0000000000000002.obs"], RemainingFiles());
        Assert.Equal(["b"], _outbox.TryTakeBatch(10)!.Observations.Select(o => o.Id));
        _logging.Errors.AssertNone();
    }

    [Fact]
    public async Task Rejection_is_recognised_from_the_call_status_when_a_write_fails_first()
    {
        await Queue("a");
        var run = Start();
        await _stream.NextSentAsync();
        await _stream.WelcomeAsync();
        await _stream.NextBatchAsync();
        await Poll.UntilAsync(() => _time.TimersCreated >= 1, "the heartbeat timer exists");
        _logging.Errors.Expected.Add((_, message) => message.Contains("refused", StringComparison.Ordinal));

        _stream.EndCallWhileWriting(new RpcException(
            new Status(StatusCode.InvalidArgument, "bad batch"),
            new Metadata { { IngestTrailers.RejectedSequence, "1" } }));
        _time.Advance(TimeSpan.FromSeconds(30)); // the heartbeat write fails
        var outcome = await run;

        Assert.Equal(new StreamError(StreamErrorKind.Rejected, "InvalidArgument: bad batch", 1), outcome.Error);
        Assert.True(File.Exists(_temp.Combine("outbox", "rejected", "0000000000000001.obs")));
        Assert.Equal(0, _outbox.Depth);
    }

    [Fact]
    public async Task Unacknowledged_batches_return_to_the_outbox_when_the_stream_fails()
    {
        await Queue("a", "b");
        var run = Start();
        await _stream.NextSentAsync();
        await _stream.WelcomeAsync();
        await _stream.NextBatchAsync();
        await _stream.NextBatchAsync();
        _stream.Ack(1);
        await Poll.UntilAsync(() => _outbox.Depth == 1, "batch 1 is acknowledged");

        _stream.Fail(new RpcException(new Status(StatusCode.Unavailable, "collector restarting")));
        var outcome = await run;

        Assert.Equal(StreamErrorKind.Retry, outcome.Error!.Kind);
        Assert.Equal(["b"], _outbox.TryTakeBatch(10)!.Observations.Select(o => o.Id));
    }

    [Fact]
    public async Task Stream_ended_before_welcome_is_a_retryable_failure_without_welcome()
    {
        var run = Start();
        await _stream.NextSentAsync();

        _stream.End();
        var outcome = await run;

        Assert.False(outcome.Welcomed);
        Assert.Equal(StreamErrorKind.Retry, outcome.Error!.Kind);
        Assert.Contains("before Welcome", outcome.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Collector_settings_in_welcome_override_the_batch_size()
    {
        await Queue("a", "b", "c");
        var run = Start(maxInFlight: 8);
        await _stream.NextSentAsync();

        _stream.Reply(new CollectorMessage
        {
            Welcome = new Welcome { Settings = new AgentSettings { MaxBatchObservations = 3 } },
        });

        Assert.Equal(["a", "b", "c"], (await _stream.NextBatchAsync()).Observations.Observations.Select(o => o.Id));
        _stop.Cancel();
        await run;
    }

    [Fact]
    public async Task Settings_pushed_mid_stream_change_the_heartbeat_and_cap_the_batch_at_the_contract_limit()
    {
        await Queue([.. Enumerable.Range(0, 1002).Select(i => $"o{i}")]);
        var run = Start(maxInFlight: 1, maxBatch: 1);
        await _stream.NextSentAsync();
        await _stream.WelcomeAsync();
        Assert.Single((await _stream.NextBatchAsync()).Observations.Observations);

        // Read in order with the ack: the next batch is taken under the new settings.
        _stream.Reply(new CollectorMessage
        {
            Settings = new AgentSettings
            {
                HeartbeatInterval = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(5)),
                MaxBatchObservations = Contracts.ObservationLimits.MaxBatchObservations + 500,
            },
        });
        _stream.Ack(1);
        var batch = await _stream.NextBatchAsync();
        Assert.Equal(Contracts.ObservationLimits.MaxBatchObservations, batch.Observations.Observations.Count);

        // The delay under way ends as it was set; the next one is 5 s.
        await Poll.UntilAsync(() => _time.TimersCreated >= 1, "the heartbeat timer exists");
        _time.Advance(TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(() => _time.TimersCreated >= 2, "a heartbeat timer at the new interval");
        _time.Advance(TimeSpan.FromSeconds(5));
        await Poll.UntilAsync(() => _time.TimersCreated >= 3, "the heartbeat after 5 s");
        _stop.Cancel();
        await run;
    }

    [Fact]
    public async Task A_heartbeat_interval_below_a_second_from_the_collector_is_ignored()
    {
        var run = Start();
        await _stream.NextSentAsync();
        await _stream.WelcomeAsync();
        await Poll.UntilAsync(() => _time.TimersCreated >= 1, "the heartbeat timer exists");

        _stream.Reply(new CollectorMessage
        {
            Settings = new AgentSettings { HeartbeatInterval = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMilliseconds(10)) },
        });
        _time.Advance(TimeSpan.FromSeconds(29));

        Assert.False(_stream.TryTakeSent(out _));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(AgentMessage.BodyOneofCase.Heartbeat, (await _stream.NextSentAsync()).BodyCase);
        _stop.Cancel();
        await run;
    }

    [Fact]
    public async Task A_message_before_welcome_ends_the_session_with_an_error_naming_it()
    {
        var run = Start();
        await _stream.NextSentAsync();

        _stream.Ack(1);

        var outcome = await run;
        Assert.False(outcome.Welcomed);
        Assert.Contains("the collector sent Ack before Welcome", outcome.Error!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_ack_acknowledges_nothing_twice()
    {
        await Queue("a", "b");
        var run = Start(maxInFlight: 1);
        await _stream.NextSentAsync();
        await _stream.WelcomeAsync();
        Assert.Equal(1UL, (await _stream.NextBatchAsync()).Observations.Sequence);
        _stream.Ack(1);
        Assert.Equal(2UL, (await _stream.NextBatchAsync()).Observations.Sequence);

        _stream.Ack(1); // again: covers nothing in flight any more
        _stream.Ack(2);

        await Poll.UntilAsync(() => RemainingFiles().Length == 0, "both batches acknowledged");
        _stop.Cancel();
        Assert.Null((await run).Error); // an in-flight slot freed twice would overflow the window and end the session
    }

    private static IProbe Probe(string name)
    {
        var probe = Substitute.For<IProbe>();
        probe.Name.Returns(name);
        probe.Type.Returns("files");
        return probe;
    }
}
