using BackupHealth.Testing;

namespace BackupHealth.IntegrationTests;

/// <summary>The pipeline's promise, end to end over real loopback sockets: the real agent process, the real collector
/// on a real SQLite file. Whatever is interrupted, every observation arrives exactly once.</summary>
public sealed class DeliveryTests : IDisposable
{
    private const int Jobs = 4;
    private const int FilesPerJob = 250;
    private readonly TempDirectory _temp = new("bh-e2e");
    private readonly ErrorLogCollector _collectorErrors = new();
    private readonly SampleSite _site;

    public DeliveryTests()
    {
        _site = SampleSite.Create(_temp.Combine("site"), Jobs, FilesPerJob);
    }

    private string CollectorData => _temp.Combine("collector");

    private string AgentData => _temp.Combine("agent");

    private string OutboxFolder => Path.Combine(AgentData, "outbox");

    [Fact]
    public async Task Thousand_observations_arrive_exactly_once()
    {
        await using var collector = await CollectorServer.StartAsync(CollectorData, _collectorErrors);
        await using var agent = StartAgent(collector.Grpc);

        await WaitUntilEverythingDeliveredAsync(agent);

        AssertEachRunStoredOnce(CollectorServer.DeliveredRuns(CollectorData));
        _collectorErrors.AssertNone();
    }

    [Fact]
    public async Task Collector_stopped_mid_stream_and_restarted_loses_and_duplicates_nothing()
    {
        var first = await CollectorServer.StartAsync(CollectorData, _collectorErrors);
        await using var proxy = new TcpProxy(first.GrpcEndPoint);
        await using var agent = StartAgent(proxy.HttpsUri);

        // Let about a fifth of the data through, then hold the agent's bytes so the collector stops mid-stream.
        proxy.FreezeUpstreamAfter(60_000);
        await proxy.Frozen.WaitAsync(TimeSpan.FromSeconds(60));
        var before = await Poll.UntilAsync(() => Task.FromResult(first.DeliveredRuns().Count), n => n > 0, "the first committed batches");
        await first.DisposeAsync();
        Assert.InRange(before, 1, Jobs * FilesPerJob - 1);

        await using var second = await CollectorServer.StartAsync(CollectorData, _collectorErrors);
        proxy.Target = second.GrpcEndPoint;
        proxy.DropConnections();
        proxy.Unfreeze();

        await WaitUntilEverythingDeliveredAsync(agent);
        AssertEachRunStoredOnce(second.DeliveredRuns());
        _collectorErrors.AssertNone();
    }

    [Fact]
    public async Task Agent_killed_hard_mid_send_and_restarted_loses_and_duplicates_nothing()
    {
        await using var collector = await CollectorServer.StartAsync(CollectorData, _collectorErrors);
        await using var proxy = new TcpProxy(collector.GrpcEndPoint);
        var first = StartAgent(proxy.HttpsUri);

        proxy.FreezeUpstreamAfter(60_000);
        await proxy.Frozen.WaitAsync(TimeSpan.FromSeconds(60));
        var before = await Poll.UntilAsync(() => Task.FromResult(collector.DeliveredRuns().Count), n => n > 0, "the first committed batches");
        first.KillHard();
        await first.DisposeAsync();
        Assert.InRange(before, 1, Jobs * FilesPerJob - 1);
        Assert.NotEmpty(Directory.GetFiles(OutboxFolder, "*.obs"));

        proxy.DropConnections();
        proxy.Unfreeze();
        await using var second = StartAgent(proxy.HttpsUri);

        await WaitUntilEverythingDeliveredAsync(second);
        AssertEachRunStoredOnce(collector.DeliveredRuns());
        _collectorErrors.AssertNone();
    }

    public void Dispose() => _temp.Dispose();

    private AgentProcess StartAgent(Uri collector) =>
        AgentProcess.Start(_temp.Combine("agent.json"), _site.AgentConfig(AgentData, collector, CollectorServer.Token));

    /// <summary>Done means: the collector holds every run and the agent's outbox is empty, i.e. the agent saw an
    /// acknowledgement for everything it queued.</summary>
    private async Task WaitUntilEverythingDeliveredAsync(AgentProcess agent)
    {
        var expected = Jobs * FilesPerJob;
        await Poll.UntilAsync(
            () => Task.FromResult((Stored: CollectorServer.DeliveredRuns(CollectorData).Count, Queued: QueuedFiles())),
            s => s.Stored >= expected && s.Queued == 0,
            $"{expected} observations stored and an empty outbox",
            TimeSpan.FromSeconds(120),
            () => agent.Output);
    }

    private int QueuedFiles() => Directory.Exists(OutboxFolder) ? Directory.GetFiles(OutboxFolder, "*.obs").Length : 0;

    private void AssertEachRunStoredOnce(IReadOnlyList<string> stored)
    {
        Assert.Equal(_site.Runs.Count, stored.Count);
        Assert.Equal(_site.Runs.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }
}
