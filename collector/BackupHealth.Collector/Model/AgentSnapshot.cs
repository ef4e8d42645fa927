namespace BackupHealth.Collector.Model;

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
