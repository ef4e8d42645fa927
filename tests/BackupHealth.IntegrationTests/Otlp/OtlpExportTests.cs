using BackupHealth.Testing;

namespace BackupHealth.IntegrationTests.Otlp;

/// <summary>Both processes push metrics, traces and logs over OTLP/gRPC to a real receiver on loopback: the collector
/// because its <c>Collector:Telemetry:Otlp:Endpoint</c> setting says so, the real agent process because of the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> and <c>OTEL_SERVICE_NAME</c> it was given.</summary>
public sealed class OtlpExportTests : IDisposable
{
    private const string AgentService = "agent-at-contoso";
    private readonly TempDirectory _temp = new("bh-otlp");
    private readonly ErrorLogCollector _collectorErrors = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Collector_and_agent_export_their_metrics_spans_and_logs_to_an_otlp_receiver()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var site = SampleSite.Create(_temp.Combine("site"), 1, 3);
        await using var collector = await CollectorServer.StartAsync(_temp.Combine("collector"), _collectorErrors, new Dictionary<string, string?>
        {
            ["Collector:Telemetry:Otlp:Endpoint"] = receiver.Endpoint.ToString(),

            // The SDK's own settings (environment variables in production) read from configuration: export often.
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "300",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
        });
        await using var agent = AgentProcess.Start(_temp.Combine("agent.json"), new Dictionary<string, object>
        {
            ["Agent"] = new
            {
                Id = "otlp-host-01",
                DataPath = _temp.Combine("agent"),
                CollectorUrl = collector.Grpc.ToString(),
                CollectorCaFile = AgentProcess.CollectorCaFile(_temp.Combine("agent")),
                Token = CollectorServer.Token,
            },
            ["Probes"] = site.Jobs.Select(job => new { Type = "files", Name = job, Path = Path.Combine(site.Root, job), Pattern = "*.bak", Interval = "01:00:00" }).ToArray(),
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString(),
            ["OTEL_SERVICE_NAME"] = AgentService,
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "300",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
        });

        string[] collectorMetrics = ["backuphealth.job.runs", "backuphealth.ingest.observations", "backuphealth.ingest.batch.duration",
            "backuphealth.job.last_success.age", "backuphealth.agent.connected", "backuphealth.store.size"];
        string[] agentMetrics = ["backuphealth.probe.runs", "backuphealth.probe.duration", "backuphealth.outbox.depth"];
        var got = receiver.Got;
        await Poll.UntilAsync(() => Task.FromResult(
                got.Metrics("backuphealth-collector").IsSupersetOf(collectorMetrics)
                && got.Spans("backuphealth-collector").Contains("ingest batch")
                && got.Logs("backuphealth-collector") > 0
                && got.Metrics(AgentService).IsSupersetOf(agentMetrics)
                && got.Spans(AgentService).Contains("probe run")
                && got.Logs(AgentService) > 0),
            done => done, "the receiver got the collector's and the agent's metrics, spans and logs",
            TimeSpan.FromSeconds(60), () => got.Summary() + "\nagent output:\n" + agent.Output);

        Assert.DoesNotContain(got.Metrics("backuphealth-collector"), n => n.StartsWith("backuphealth.probe", StringComparison.Ordinal));
        Assert.DoesNotContain(got.Metrics(AgentService), n => n.StartsWith("backuphealth.job", StringComparison.Ordinal));
        _collectorErrors.AssertNone();
    }
}
