namespace BackupHealth.Collector.Api;

// The JSON shapes of /api/v1, kept apart from the store's rows so that either can change without the other.
// Times are UTC (DateTime of kind Utc serialises as ISO-8601 with 'Z').

internal sealed record AgentDto(
    long Id,
    string AgentId,
    string Customer,
    string Site,
    string HostName,
    string Os,
    string Version,
    DateTime FirstSeen,
    DateTime LastSeen,
    bool Connected,
    long? OutboxDepth,
    IReadOnlyList<ProbeDto> Probes);

/// <param name="Details">What the probe says about how it reads its source (e.g. the Veeam probe's <c>api_version</c>
/// and <c>per_vm_results</c>); an empty object when nothing.</param>
internal sealed record ProbeDto(string Name, string Type, string State, string Message, DateTime? LastRun, IReadOnlyDictionary<string, string> Details);

internal sealed record JobDto(
    long Id,
    string Customer,
    string Site,
    string AgentId,
    string JobKey,
    string Name,
    string SourceKind,
    string ProtectedObject,
    string? LatestStatus,
    DateTime? LatestEnd,
    DateTime? LastSuccess,
    string Health);

internal sealed record RunDto(
    string ObservationId,
    string Status,
    DateTime? Start,
    DateTime? End,
    long SizeBytes,
    VerificationDto Verification,
    string Message,
    Dictionary<string, string>? Attributes,
    DateTime ReceivedAt);

internal sealed record VerificationDto(string State, string Detail);
