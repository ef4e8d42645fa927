namespace BackupHealth.Collector.Coverage;

// The JSON shapes of the coverage API. Times are UTC (DateTime of kind Utc serialises as ISO-8601 with 'Z').
// agent is the agent's own id (its key), as in /api/v1/agents.

/// <param name="Covered">protected | unprotected | excluded | not-running.</param>
/// <param name="LastProtected">The newest backup of the VM by any job tied to it.</param>
/// <param name="Reason">Why it is in that state, for a person.</param>
internal sealed record CoverageVmDto(
    string Customer,
    string Site,
    string Agent,
    string Hypervisor,
    string Probe,
    string ItemId,
    string Name,
    string PowerState,
    string Covered,
    IReadOnlyList<CoverageJobDto> ProtectedBy,
    DateTime? LastProtected,
    string Reason,
    DateTime FirstSeen,
    bool Alerting,
    CoverageExclusionDto? Exclusion);

/// <param name="MatchedBy">uuid | vmid | name | mapping.</param>
/// <param name="Current">Its newest backup of the VM is within the job's expectation.</param>
internal sealed record CoverageJobDto(long JobId, string JobName, string MatchedBy, DateTime? LastProtected, DateTime? DueBy, bool Current);

internal sealed record CoverageMappingDto(string Customer, string Site, string ItemId, long JobId, string JobName, string By, DateTime At);

internal sealed record CoverageExclusionDto(string Customer, string Site, string ItemId, string Reason, string By, DateTime At);
