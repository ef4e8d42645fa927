using System.Diagnostics;
using BackupHealth.Collector.Telemetry;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace BackupHealth.Collector.Tests.Telemetry;

/// <summary>Each ingested batch is one span, from arrival to commit, captured here with OpenTelemetry's in-memory
/// exporter.</summary>
[Collection(RunsAlone.Name)]
public sealed class IngestSpanTests : IAsyncLifetime
{
    private const string AgentId = "span-agent";
    private readonly List<Activity> _spans = [];
    private TestCollector _collector = null!;

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync(services: services =>
        services.AddOpenTelemetry().WithTracing(tracing => tracing
            .AddSource(CollectorTelemetry.ActivitySourceName)
            .AddInMemoryExporter(_spans)));

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    [Fact]
    public async Task Every_batch_is_one_root_span_ended_at_commit_with_its_tenancy_and_counts()
    {
        await using var agent = await _collector.ConnectAsync(AgentId);
        await agent.SendBatchAsync(Observations.Batch(1, "first", 3));
        await agent.SendBatchAsync(Observations.Batch(2,
            Observations.Valid("first-0"), Observations.Valid("second-0", "job-2", RunStatus.Failed)));
        await agent.WaitForAckAsync(2);

        var spans = Batches();
        Assert.Equal(2, spans.Count);
        Assert.All(spans, span =>
        {
            Assert.Equal(IngestTelemetry.BatchSpanName, span.DisplayName);
            Assert.Equal(ActivityKind.Consumer, span.Kind);
            Assert.Null(span.ParentId);
            Assert.Equal("Contoso Ltd", span.GetTagItem("backuphealth.customer"));
            Assert.Equal("Head office", span.GetTagItem("backuphealth.site"));
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
        });
        Assert.NotEqual(spans[0].TraceId, spans[1].TraceId);
        Assert.Equal([1L, 2L], spans.Select(s => (long)s.GetTagItem("backuphealth.batch.sequence")!));
        Assert.Equal([3, 2], spans.Select(s => (int)s.GetTagItem("backuphealth.batch.observations")!));

        // The second batch re-sent one observation: only the new one was stored.
        Assert.Equal([3, 1], spans.Select(s => (int)s.GetTagItem("backuphealth.batch.stored")!));
    }

    private List<Activity> Batches()
    {
        lock (_spans)
        {
            return _spans.Where(s => (string?)s.GetTagItem("backuphealth.agent") == AgentId)
                .OrderBy(s => (long)s.GetTagItem("backuphealth.batch.sequence")!).ToList();
        }
    }
}
