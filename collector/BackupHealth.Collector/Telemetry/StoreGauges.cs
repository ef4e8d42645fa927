using System.Diagnostics.Metrics;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Telemetry;

/// <summary>The gauges read from the store each time a reader collects (a Prometheus scrape, an OTLP export), through
/// <see cref="IGaugeStore"/>: small reads, never over runs. Before the store is ready, or while it cannot be read, a
/// gauge reports nothing rather than a wrong zero.</summary>
internal sealed class StoreGauges(IGaugeStore store, TimeProvider time)
{
    public void Register(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        meter.CreateObservableGauge("backuphealth.job.last_success.age", LastSuccessAges, "s",
            "Seconds since each job's last successful run (jobs that never succeeded have no value).");
        meter.CreateObservableGauge("backuphealth.job.overdue", Overdue, null,
            "1 while the job has no success within its expectation (interval + grace, set or learned): its job_missed alert is open; else 0.");
        meter.CreateObservableGauge("backuphealth.alerts.firing", FiringAlerts, "{alert}",
            "Alerts firing now (not acknowledged, not muted), by customer, rule and severity.");
        meter.CreateObservableGauge("backuphealth.agent.connected", AgentsConnected, null,
            "1 while the agent has a stream open to this collector, else 0.");
        meter.CreateObservableGauge("backuphealth.agent.last_seen.age", AgentsLastSeen, "s",
            "Seconds since the collector last heard from the agent (any message).");
        meter.CreateObservableGauge("backuphealth.store.size", StoreSize, "By",
            "Bytes the store takes on disk (SQLite: the database and its write-ahead log).");
    }

    private IEnumerable<Measurement<double>> LastSuccessAges()
    {
        var now = time.GetUtcNow();
        return store.Jobs().Where(j => j.LastSuccess is not null)
            .Select(j => new Measurement<double>(Math.Max(0, (now - j.LastSuccess!.Value).TotalMilliseconds) / 1000.0, JobTags(j)));
    }

    private IEnumerable<Measurement<int>> Overdue() => store.Jobs().Select(j => new Measurement<int>(j.Overdue ? 1 : 0, JobTags(j)));

    private IEnumerable<Measurement<int>> FiringAlerts() => store.FiringAlerts().Select(a => new Measurement<int>(a.Count,
        new KeyValuePair<string, object?>(MetricTags.Customer, a.Customer),
        new KeyValuePair<string, object?>(MetricTags.Rule, a.Rule),
        new KeyValuePair<string, object?>(MetricTags.Severity, a.Severity)));

    private IEnumerable<Measurement<int>> AgentsConnected() => store.Agents().Select(a => new Measurement<int>(a.Connected ? 1 : 0, AgentTags(a)));

    private IEnumerable<Measurement<double>> AgentsLastSeen()
    {
        var now = time.GetUtcNow();
        return store.Agents().Select(a => new Measurement<double>(Math.Max(0, (now - a.LastSeen).TotalMilliseconds) / 1000.0, AgentTags(a)));
    }

    private IEnumerable<Measurement<long>> StoreSize() => store.SizeBytes() is { } size ? [new Measurement<long>(size)] : [];

    private static KeyValuePair<string, object?>[] JobTags(JobGaugeRow job) =>
    [
        new(MetricTags.Customer, job.Customer),
        new(MetricTags.Site, job.Site),
        new(MetricTags.Agent, job.Agent),
        new(MetricTags.JobKey, job.JobKey),
        new(MetricTags.JobName, job.JobName),
    ];

    private static KeyValuePair<string, object?>[] AgentTags(AgentGaugeRow agent) =>
    [
        new(MetricTags.Customer, agent.Customer),
        new(MetricTags.Site, agent.Site),
        new(MetricTags.Agent, agent.Agent),
    ];
}
