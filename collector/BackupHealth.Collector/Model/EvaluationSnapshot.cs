using BackupHealth.Collector.Coverage;

namespace BackupHealth.Collector.Rules;

/// <summary>Everything the rules look at, read from the store in one go. Rules are pure functions of this snapshot,
/// so evaluation is deterministic given the store and the time.</summary>
/// <param name="Coverage">The VM inventory with the mappings and exclusions people made; empty when not loaded.</param>
internal sealed record EvaluationSnapshot(
    DateTimeOffset Now,
    IReadOnlyList<AgentSnapshot> Agents,
    IReadOnlyList<JobSnapshot> Jobs,
    CoverageSnapshot? Coverage = null)
{
    public CoverageSnapshot CoverageOrEmpty => Coverage ?? CoverageSnapshot.Empty;
}

/// <summary>One agent as the collector knows it.</summary>
/// <param name="OutboxDepth">Observations its latest heartbeat said were waiting to be sent; 0 when none or unknown.</param>
/// <param name="BacklogSince">Since when its heartbeats have reported waiting observations; null when the latest
/// reported none.</param>
internal sealed record AgentSnapshot(
    long AgentId,
    string AgentKey,
    long SiteId,
    string Customer,
    string Site,
    string HostName,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    bool Connected,
    IReadOnlyList<ProbeSnapshot> Probes,
    long OutboxDepth = 0,
    DateTimeOffset? BacklogSince = null);

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
