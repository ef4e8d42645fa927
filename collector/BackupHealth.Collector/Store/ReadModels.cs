namespace BackupHealth.Collector.Store;

/// <summary>The site an agent token belongs to.</summary>
internal sealed record SiteIdentity(long SiteId, string Customer, string Site);

internal sealed record SiteRecord(long Id, string Customer, string Site);

internal sealed record AgentRecord(
    long Id,
    long SiteId,
    string AgentKey,
    string Customer,
    string Site,
    string HostName,
    string Os,
    string Version,
    DateTime FirstSeen,
    DateTime LastSeen,
    bool Connected,
    long? OutboxDepth,
    IReadOnlyList<ProbeRecord> Probes,
    DateTime? BacklogSince = null);

/// <summary>A probe the agent has configured and/or reported on; <see cref="State"/> is "unknown" until reported.</summary>
/// <param name="Details">What the probe says about how it reads its source, e.g. <c>api_version</c>; empty when nothing.</param>
internal sealed record ProbeRecord(string Name, string Type, string State, string Message, DateTime? LastRun, IReadOnlyDictionary<string, string> Details);

internal sealed record JobRecord(
    long Id,
    long SiteId,
    string Customer,
    string Site,
    string AgentKey,
    string JobKey,
    string Name,
    string SourceKind,
    string ProtectedObject,
    string? LatestStatus,
    DateTime? LatestStart,
    DateTime? LatestEnd,
    long? LatestSize,
    DateTime? LastSuccess);

/// <summary>A run as the store keeps it, in the store's words (status and verification as <c>StatusNames</c>), for the
/// API's run list; the rules' and the dashboard's run is <c>Model.RunRecord</c>.</summary>
internal sealed record StoredRun(
    string ObservationId,
    string Status,
    DateTime? Start,
    DateTime? End,
    long SizeBytes,
    string Verification,
    string VerificationDetail,
    string Message,
    string? Attributes,
    DateTime ReceivedAt);
