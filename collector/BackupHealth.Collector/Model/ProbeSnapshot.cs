namespace BackupHealth.Collector.Model;

/// <summary>The latest health an agent reported for one of its probes.</summary>
/// <param name="Interval">How often the probe runs, as the agent's Hello says; null when it does not say.</param>
/// <param name="RunAge">How long before the agent's latest heartbeat the probe last ran (by the agent's clock); null
/// when the agent does not send probe runs with its heartbeats.</param>
/// <param name="OutboxFull">The probe read its source but its agent's outbox could not take the new facts.</param>
internal sealed record ProbeSnapshot(
    string Name,
    string Type,
    bool Ok,
    string Message,
    int ConsecutiveFailures,
    DateTimeOffset? LastRun,
    DateTimeOffset? LastSuccess,
    DateTimeOffset ReportedAt,
    TimeSpan? Interval = null,
    TimeSpan? RunAge = null,
    bool OutboxFull = false);
