using BackupHealth.Collector.Ingest;
using BackupHealth.Collector.Store.Sqlite.Writer;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace BackupHealth.Collector.Tests.Ingest;

public sealed class IngestBatchTests : IAsyncLifetime
{
    private TestCollector _collector = null!;

    public async Task InitializeAsync() =>
        _collector = await TestCollector.StartAsync(s => s["Collector:MaxMessageBytes"] = "65536");

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    private Task<long> ObservationCountAsync() => _collector.CountAsync("SELECT count(*) FROM observations");

    [Fact]
    public async Task A_valid_batch_is_acknowledged_after_its_rows_are_stored()
    {
        await using var agent = await _collector.ConnectAsync("agent-1");

        await agent.SendBatchAsync(Observations.Batch(1, "obs", 10));
        await agent.WaitForAckAsync(1);

        Assert.Equal(10L, await ObservationCountAsync());
        Assert.Equal(1L, await _collector.CountAsync("SELECT count(*) FROM jobs"));
    }

    [Fact]
    public async Task Pipelined_batches_are_all_acknowledged_in_order()
    {
        await using var agent = await _collector.ConnectAsync("agent-1");

        for (ulong sequence = 1; sequence <= 30; sequence++)
        {
            await agent.SendBatchAsync(Observations.Batch(sequence, $"b{sequence}", 20));
        }

        await agent.WaitForAckAsync(30);
        Assert.Equal(600L, await ObservationCountAsync());
    }

    [Fact]
    public async Task A_resent_batch_is_acknowledged_without_duplicates()
    {
        await using (var first = await _collector.ConnectAsync("agent-1"))
        {
            await first.SendBatchAsync(Observations.Batch(1, "obs", 5));
            await first.WaitForAckAsync(1);
        }

        // After a reconnect the agent resends what it has no ack for, on a new stream with new sequences.
        await using var second = await _collector.ConnectAsync("agent-1");
        await second.SendBatchAsync(Observations.Batch(1, "obs", 5));
        await second.WaitForAckAsync(1);
        await second.SendBatchAsync(Observations.Batch(2, "obs", 5));
        await second.WaitForAckAsync(2);

        Assert.Equal(5L, await ObservationCountAsync());
    }

    [Fact]
    public async Task An_empty_batch_is_acknowledged()
    {
        await using var agent = await _collector.ConnectAsync("agent-1");

        await agent.SendBatchAsync(Observations.Batch(7));
        await agent.WaitForAckAsync(7);

        Assert.Equal(0L, await ObservationCountAsync());
    }

    public static TheoryData<string, Action<Observation>, string> BadObservations => new()
    {
        { "empty job key", o => o.JobKey = "", "batch 3: observation 1 (id bad): job_key is empty" },
        {
            "end before start",
            o => o.EndTime = Timestamp.FromDateTimeOffset(o.StartTime.ToDateTimeOffset().AddMinutes(-1)),
            "batch 3: observation 1 (id bad): end_time 2025-06-01T10:49:00.0000000+00:00 is before start_time 2025-06-01T10:50:00.0000000+00:00"
        },
        {
            "years in the future",
            o => o.EndTime = Timestamp.FromDateTimeOffset(TestCollector.StartTime.AddYears(3)),
            "batch 3: observation 1 (id bad): end_time 2028-06-01T12:00:00.0000000+00:00 is in the future (collector time 2025-06-01T12:00:00.0000000+00:00)"
        },
        { "unknown status", o => o.Status = RunStatus.Unspecified, "batch 3: observation 1 (id bad): status Unspecified is not one of success, warning, failed, running" },
        { "run id too long", o => o.RunId = new string('r', 129), "batch 3: observation 1 (id bad): run_id is 129 characters long; the limit is 128" },
        { "C0 control in the job key", o => o.JobKey = "nightly\tjob", "batch 3: observation 1 (id bad): job_key contains control characters" },
        { "C1 control in the probe name", o => o.ProbeName = "vbr\u0085", "batch 3: observation 1 (id bad): probe_name contains control characters" },
        { "DEL in an attribute key", o => o.Attributes["key\u007f"] = "v", "batch 3: observation 1 (id bad): attribute key contains control characters" },
    };

    [Fact]
    public async Task Line_breaks_and_tabs_in_a_message_are_kept()
    {
        await using var agent = await _collector.ConnectAsync("agent-1");
        var observation = Observations.Valid("multi-line");
        observation.Message = "Processing SQL01\r\n\tError: the repository is full\u0085end";

        await agent.SendBatchAsync(Observations.Batch(1, observation));
        await agent.WaitForAckAsync(1);

        Assert.Equal(1L, await _collector.CountAsync(
            "SELECT count(*) FROM observations WHERE message = 'Processing SQL01' || char(13, 10, 9) || 'Error: the repository is full' || char(133) || 'end'"));
    }

    [Theory]
    [MemberData(nameof(BadObservations))]
    public async Task A_bad_observation_rejects_its_whole_batch_and_spares_other_agents(string what, Action<Observation> spoil, string detail)
    {
        _ = what;
        await using var good = await _collector.ConnectAsync("good-agent", TestCollector.FabrikamToken);
        await good.SendBatchAsync(Observations.Batch(1, "good-1", 3));
        await good.WaitForAckAsync(1);
        await using var bad = await _collector.ConnectAsync("bad-agent");
        await bad.SendBatchAsync(Observations.Batch(1, "ok", 2));
        await bad.SendBatchAsync(Observations.Batch(2, "ok2", 2));
        var spoilt = Observations.Valid("bad");
        spoil(spoilt);

        await bad.SendBatchAsync(Observations.Batch(3, Observations.Valid("fine-before"), spoilt, Observations.Valid("fine-after")));
        var error = await bad.WaitForErrorAsync();

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(detail, error.Status.Detail);
        Assert.Equal("3", error.Trailers.GetValue(IngestTrailers.RejectedSequence));
        Assert.Equal(2UL, bad.LastAck);
        Assert.Equal(0L, await _collector.CountAsync("SELECT count(*) FROM observations WHERE observation_id LIKE 'fine%' OR observation_id = 'bad'"));
        Assert.Equal(4L, await _collector.CountAsync("SELECT count(*) FROM observations WHERE observation_id LIKE 'ok%'"));

        await good.SendBatchAsync(Observations.Batch(2, "good-2", 3));
        await good.WaitForAckAsync(2);
        Assert.Equal(6L, await _collector.CountAsync("SELECT count(*) FROM observations WHERE observation_id LIKE 'good%'"));
    }

    [Fact]
    public async Task A_message_over_MaxMessageBytes_is_resource_exhausted_and_stores_nothing()
    {
        await using var good = await _collector.ConnectAsync("good-agent", TestCollector.FabrikamToken);
        await using var agent = await _collector.ConnectAsync("agent-1");
        var big = Enumerable.Range(0, 100).Select(i =>
        {
            var o = Observations.Valid($"big-{i}");
            o.Message = new string('m', 1000);
            return o;
        }).ToArray();

        await agent.TrySendAsync(new AgentMessage { Observations = Observations.Batch(1, big) });
        var error = await agent.WaitForErrorAsync();

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(0L, await ObservationCountAsync());
        await good.SendBatchAsync(Observations.Batch(1, "good", 2));
        await good.WaitForAckAsync(1);
    }

    [Fact]
    public async Task A_batch_over_the_observation_limit_is_rejected()
    {
        _ = _collector;
        await using var collector = await TestCollector.StartAsync();
        await using var agent = await collector.ConnectAsync("agent-1");
        var tooMany = Enumerable.Range(0, 1001).Select(i => Observations.Valid($"o{i}")).ToArray();

        await agent.SendBatchAsync(Observations.Batch(1, tooMany));
        var error = await agent.WaitForErrorAsync();

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("batch 1: 1001 observations; the limit is 1000", error.Status.Detail);
        Assert.Equal(0L, await collector.CountAsync("SELECT count(*) FROM observations"));
    }

    [Fact]
    public async Task A_sequence_that_does_not_increase_is_rejected()
    {
        await using var agent = await _collector.ConnectAsync("agent-1");
        await agent.SendBatchAsync(Observations.Batch(5, "a", 1));
        await agent.WaitForAckAsync(5);

        await agent.SendBatchAsync(Observations.Batch(5, "b", 1));
        var error = await agent.WaitForErrorAsync();

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("5", error.Trailers.GetValue(IngestTrailers.RejectedSequence));
        Assert.Equal(1L, await ObservationCountAsync());
    }

    [Fact]
    public async Task A_second_hello_is_out_of_order()
    {
        await using var agent = await _collector.ConnectAsync("agent-1");

        await agent.SendAsync(new AgentMessage { Hello = TestAgent.Hello("agent-1") });
        var error = await agent.WaitForErrorAsync();

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
    }

    [Fact]
    public async Task When_the_store_cannot_commit_the_stream_ends_unavailable_without_an_ack()
    {
        await using var agent = await _collector.ConnectAsync("agent-1");
        await agent.SendBatchAsync(Observations.Batch(1, "before", 2));
        await agent.WaitForAckAsync(1);
        var writer = (Collector.Store.Sqlite.Writer.StoreWriter)_collector.App.Services.GetService(typeof(Collector.Store.Sqlite.Writer.StoreWriter))!;
        await writer.StopAsync();

        await agent.SendBatchAsync(Observations.Batch(2, "after", 2));
        var error = await agent.WaitForErrorAsync();

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(1UL, agent.LastAck);
        Assert.Equal(2L, await ObservationCountAsync());
    }
}
