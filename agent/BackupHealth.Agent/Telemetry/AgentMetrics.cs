using System.Diagnostics.Metrics;
using BackupHealth.Agent.Probes;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Agent.Telemetry;

/// <summary>The agent's instruments on the <c>BackupHealth.Agent</c> meter: probe runs, errors and duration, bytes
/// the XVA verifier hashed, and the outbox depth (read when a reader collects). Labels are the probe's configured
/// name and type: a handful per agent.</summary>
internal sealed class AgentMetrics
{
    private readonly Counter<long> _runs;
    private readonly Counter<long> _errors;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _bytesVerified;

    /// <param name="outboxDepth">Observations waiting in the outbox; null where there is no outbox (tests).</param>
    public AgentMetrics(IMeterFactory meters, Func<long>? outboxDepth = null)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(AgentTelemetry.MeterName, AgentTelemetry.Version);
        _runs = meter.CreateCounter<long>("backuphealth.probe.runs", "{run}", "Probe runs, by result (ok or error).");
        _errors = meter.CreateCounter<long>("backuphealth.probe.errors", "{error}", "Probe runs that could not read their source.");
        _duration = meter.CreateHistogram<double>("backuphealth.probe.duration", "s", "How long one probe run took.");
        _bytesVerified = meter.CreateCounter<long>("backuphealth.verify.bytes", "By",
            "Backup data hashed and compared by verification (XVA exports), by result (passed or failed).");
        if (outboxDepth is not null)
        {
            meter.CreateObservableGauge("backuphealth.outbox.depth", outboxDepth, "{observation}",
                "Observations on disk waiting to be acknowledged by the collector.");
        }
    }

    public void ProbeRan(IProbe probe, ProbeResult result, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(result);
        var name = new KeyValuePair<string, object?>(MetricTags.Probe, probe.Name);
        var type = new KeyValuePair<string, object?>(MetricTags.ProbeType, probe.Type);
        var ok = result.State == ProbeState.Ok;
        _runs.Add(1, name, type, new KeyValuePair<string, object?>(MetricTags.Result, ok ? "ok" : "error"));
        if (!ok)
        {
            _errors.Add(1, name, type);
        }

        _duration.Record(elapsed.TotalSeconds, name, type);
    }

    public void BytesVerified(string probe, long bytes, bool passed) =>
        _bytesVerified.Add(bytes, new KeyValuePair<string, object?>(MetricTags.Probe, probe),
            new KeyValuePair<string, object?>(MetricTags.Result, passed ? "passed" : "failed"));
}

/// <summary>Label names of the agent's metrics.</summary>
internal static class MetricTags
{
    public const string Probe = "probe";
    public const string ProbeType = "probe_type";
    public const string Result = "result";
}
