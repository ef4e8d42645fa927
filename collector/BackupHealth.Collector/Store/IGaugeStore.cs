namespace BackupHealth.Collector.Store;

/// <summary>What the store gauges read at each collection (a Prometheus scrape, an OTLP export): small indexed reads
/// over jobs, agents and open alerts, never over runs. Each read gives nothing — not a wrong zero — while the store
/// cannot be read (not migrated yet at start, or broken).</summary>
internal interface IGaugeStore
{
    IReadOnlyList<JobGaugeRow> Jobs();

    /// <summary>Alerts firing now (not acknowledged, not muted), counted by customer, rule and severity.</summary>
    IReadOnlyList<FiringAlertCount> FiringAlerts();

    IReadOnlyList<AgentGaugeRow> Agents();

    /// <summary>Bytes the store takes on disk; null when it cannot say.</summary>
    long? SizeBytes();
}

/// <summary>A job with its last success (null: never) and whether its <c>job_missed</c> alert is open.</summary>
internal sealed record JobGaugeRow(string Customer, string Site, string Agent, string JobKey, string JobName, DateTimeOffset? LastSuccess, bool Overdue);

internal sealed record FiringAlertCount(string Customer, string Rule, string Severity, int Count);

/// <summary>An agent, whether a stream of it is open to this collector, and when it was last heard.</summary>
internal sealed record AgentGaugeRow(string Customer, string Site, string Agent, bool Connected, DateTimeOffset LastSeen);
