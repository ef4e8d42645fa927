using System.Diagnostics;
using System.Diagnostics.Metrics;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Telemetry;

/// <summary>The collector's instruments on the <c>BackupHealth.Collector</c> meter. Counters and the histogram are
/// recorded where things happen (ingest, notify); the gauges are read from the store when a reader collects
/// (<see cref="StoreGauges"/>). The meter comes from <see cref="IMeterFactory"/>, so it lives and dies with the host.</summary>
internal sealed class CollectorMetrics
{
    private readonly Counter<long> _runs;
    private readonly Counter<long> _observations;
    private readonly Histogram<double> _batchCommit;
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _deliveryFailures;

    public CollectorMetrics(IMeterFactory meters, StoreGauges gauges)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(gauges);
        var meter = meters.Create(CollectorTelemetry.MeterName, CollectorTelemetry.Version);
        _runs = meter.CreateCounter<long>("backuphealth.job.runs", "{run}",
            "Runs stored, by status; a re-sent observation is not counted again.");
        _observations = meter.CreateCounter<long>("backuphealth.ingest.observations", "{observation}",
            "Observations received from agents in batches (including re-sent ones).");
        _batchCommit = meter.CreateHistogram<double>("backuphealth.ingest.batch.duration", "s",
            "Time from a batch's arrival to its commit in the store (when it is acknowledged).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _deliveries = meter.CreateCounter<long>("backuphealth.notification.deliveries", "{notification}",
            "Notifications a channel accepted.");
        _deliveryFailures = meter.CreateCounter<long>("backuphealth.notification.failures", "{attempt}",
            "Failed delivery attempts, by outcome: retrying or failed (given up).");
        gauges.Register(meter);
    }

    public void BatchReceived(AgentTags agent, int observations) =>
        _observations.Add(observations, agent.Customer, agent.Site);

    public void BatchCommitted(AgentTags agent, InsertedRuns inserted, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(inserted);
        _batchCommit.Record(elapsed.TotalSeconds);
        foreach (var (status, count) in inserted.ByStatus())
        {
            if (count > 0)
            {
                var tags = new TagList { agent.Customer, agent.Site, agent.Agent, { MetricTags.Status, status } };
                _runs.Add(count, tags);
            }
        }
    }

    public void NotificationDelivered(string channel) =>
        _deliveries.Add(1, new KeyValuePair<string, object?>(MetricTags.Channel, channel));

    public void NotificationFailed(string channel, bool givenUp) =>
        _deliveryFailures.Add(1, new KeyValuePair<string, object?>(MetricTags.Channel, channel),
            new KeyValuePair<string, object?>(MetricTags.Outcome, givenUp ? "failed" : "retrying"));
}

/// <summary>The tenancy labels of one agent's stream, made once per stream.</summary>
internal sealed record AgentTags(string CustomerName, string SiteName, string AgentKey)
{
    public KeyValuePair<string, object?> Customer { get; } = new(MetricTags.Customer, CustomerName);

    public KeyValuePair<string, object?> Site { get; } = new(MetricTags.Site, SiteName);

    public KeyValuePair<string, object?> Agent { get; } = new(MetricTags.Agent, AgentKey);
}
