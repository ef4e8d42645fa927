using System.Diagnostics;
using BackupHealth.Collector.Ingest;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace BackupHealth.Collector.Tests.Ingest;

/// <summary>A flood of refused ingest streams — a misconfigured agent in a tight loop, somebody trying tokens — against
/// the real collector: the log gets a line per address, and the count a minute later, not a line per stream.</summary>
public sealed class RefusedStreamFloodTests(ITestOutputHelper output)
{
    private const int Flood = 500;
    private const int AtOnce = 25;

    [LinuxFact]
    public async Task Five_hundred_refused_streams_from_one_address_are_one_line_and_a_count_a_minute_later()
    {
        var log = new CollectorLog();
        await using var collector = await TestCollector.StartAsync(services: log.AddTo);
        using var fromOther = GrpcChannel.ForAddress(collector.Endpoints.Grpc,
            new GrpcChannelOptions { HttpHandler = TestTls.Trust(LoopbackSource.Handler(LoopbackSource.Other)) });
        var before = log.Records.Count;

        var clock = Stopwatch.StartNew();
        var refusals = new List<RpcException>();
        for (var sent = 0; sent < Flood; sent += AtOnce)
        {
            // A connection per batch: Kestrel itself resets a connection that opens streams much faster than they end.
            using var channel = TestCollector.Channel(collector.Endpoints.Grpc);
            var client = new Contracts.V1.Ingest.IngestClient(channel);
            refusals.AddRange(await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(_ => TestAgent.RefusedAsync(client, "not-a-token-of-this-collector", "agent-x"))));
        }

        Assert.All(refusals, refusal => Assert.Contains(refusal.StatusCode, new[] { StatusCode.Unauthenticated, StatusCode.ResourceExhausted }));
        await TestAgent.RefusedAsync(new Contracts.V1.Ingest.IngestClient(fromOther), "not-a-token-of-this-collector", "agent-y");
        var flood = log.Since(before);
        output.WriteLine($"{refusals.Count + 1} refused streams in {clock.Elapsed.TotalSeconds:F1} s: {flood.Count} log lines");

        // The first refusal of each address, and the one warning that 127.0.0.1 reached its limit of failures.
        Assert.True(flood.Count <= 3, CollectorLog.Text(flood));
        Assert.Single(flood, r => r.Id.Id == 22 && r.Message.StartsWith("Refused an ingest stream from 127.0.0.1: ", StringComparison.Ordinal));
        Assert.Single(flood, r => r.Id.Id == 22 && r.Message.StartsWith("Refused an ingest stream from 127.0.0.2: ", StringComparison.Ordinal));

        collector.Time.Advance(RefusedStreamLog.Interval);

        var summary = Assert.Single(log.Since(before), r => r.Id.Id == 1385);
        Assert.StartsWith($"Refused {Flood - 1} more ingest streams from 127.0.0.1 ", summary.Message, StringComparison.Ordinal);
        Assert.Contains("too many failed agent authentications", summary.Message, StringComparison.Ordinal);
    }
}
