using System.Diagnostics;
using System.Diagnostics.Metrics;
using BackupHealth.Agent.Outbox;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Telemetry;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace BackupHealth.Agent.Tests.Telemetry;

/// <summary>Each probe run is a span (captured with OpenTelemetry's in-memory exporter) and counts in the agent's
/// metrics (read from this test's own meter factory, so other tests' meters stay out).</summary>
public sealed class ProbeTelemetryTests : IDisposable
{
    private const string Healthy = "telemetry-nas";
    private const string Broken = "telemetry-broken";
    private readonly TempDirectory _temp = new("probe-telemetry");
    private readonly TestLogging _logging = new();
    private readonly TimerCountingTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly List<Activity> _spans = [];
    private readonly TracerProvider _tracing;
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ObservationOutbox _outbox;
    private readonly SeenObservationIds _seen;

    public ProbeTelemetryTests()
    {
        _tracing = Sdk.CreateTracerProviderBuilder().AddSource(AgentTelemetry.ActivitySourceName).AddInMemoryExporter(_spans).Build()!;
        _outbox = new ObservationOutbox(_temp.Combine("outbox"), 100, _time, _logging.For<ObservationOutbox>());
        _seen = new SeenObservationIds(_temp.Path, _time, _logging.For<SeenObservationIds>());
    }

    public void Dispose()
    {
        _tracing.Dispose();
        _services.Dispose();
        _seen.Dispose();
        _logging.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task A_probe_run_is_a_span_and_counts_as_a_run_an_error_and_outbox_depth()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        var metrics = new AgentMetrics(factory, () => _outbox.Depth);
        using var runs = new MetricCollector<long>(factory, AgentTelemetry.MeterName, "backuphealth.probe.runs");
        using var errors = new MetricCollector<long>(factory, AgentTelemetry.MeterName, "backuphealth.probe.errors");
        using var depth = new MetricCollector<long>(factory, AgentTelemetry.MeterName, "backuphealth.outbox.depth");
        var now = _time.GetUtcNow();
        var healthy = new OnceProbe(Healthy, ProbeResult.Ok(
            [TestObservations.Valid("a", now.AddMinutes(-2), probe: Healthy), TestObservations.Valid("b", now.AddMinutes(-1), probe: Healthy)]));
        var broken = new OnceProbe(Broken, ProbeResult.Error("share \\\\nas\\backups is not reachable"));
        using var scheduler = new ProbeScheduler(
            new ProbeCatalog([Entry(healthy), Entry(broken)]), new OutboxIntake(_outbox, _seen), new ProbeHealthBoard(_time), _time,
            _logging.For<ProbeScheduler>(), new FixedRandom(0.5), metrics);

        await scheduler.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => _time.TimersCreated == 2, "both probes ran once and wait for their next run");
        await scheduler.StopAsync(CancellationToken.None);

        var ok = Span(Healthy);
        Assert.Equal(AgentTelemetry.ProbeRunSpanName, ok.DisplayName);
        Assert.Equal("scripted", ok.GetTagItem("backuphealth.probe.type"));
        Assert.Equal("ok", ok.GetTagItem("backuphealth.probe.state"));
        Assert.Equal(2, ok.GetTagItem("backuphealth.probe.observations"));
        Assert.Equal(2, ok.GetTagItem("backuphealth.probe.queued"));
        Assert.Equal(ActivityStatusCode.Unset, ok.Status);
        var failed = Span(Broken);
        Assert.Equal("error", failed.GetTagItem("backuphealth.probe.state"));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal("share \\\\nas\\backups is not reachable", failed.StatusDescription);

        Assert.Equal(1, Single(runs, Healthy).Value);
        Assert.Equal("ok", Single(runs, Healthy).Tags["result"]);
        Assert.Equal("error", Single(runs, Broken).Tags["result"]);
        Assert.Equal(1, Single(errors, Broken).Value);
        Assert.DoesNotContain(errors.GetMeasurementSnapshot(), m => (string?)m.Tags["probe"] == Healthy);
        depth.RecordObservableInstruments();
        Assert.Equal(2, depth.LastMeasurement!.Value);
    }

    private static ProbeEntry Entry(IProbe probe) =>
        new(probe, new ProbeOptions { Name = probe.Name, Type = probe.Type, Interval = TimeSpan.FromHours(1), Jitter = TimeSpan.Zero });

    private static CollectedMeasurement<long> Single(MetricCollector<long> collector, string probe) =>
        Assert.Single(collector.GetMeasurementSnapshot(), m => (string?)m.Tags["probe"] == probe);

    private Activity Span(string probe)
    {
        lock (_spans)
        {
            return Assert.Single(_spans, s => (string?)s.GetTagItem("backuphealth.probe.name") == probe);
        }
    }

    private sealed class OnceProbe(string name, ProbeResult result) : IProbe
    {
        public string Name => name;

        public string Type => "scripted";

        public ValueTask<ProbeResult> RunAsync(CancellationToken cancellationToken) => ValueTask.FromResult(result);
    }
}
