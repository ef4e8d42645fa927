namespace BackupHealth.Collector.Coverage;

// Request bodies. Every field is optional in the type so that a missing one is answered with a 400 that names it,
// not a generic binding failure. "by" is ignored: who acted is the signed-in user.

internal sealed record CoverageMappingRequest(string? Customer, string? Site, string? ItemId, long? JobId, string? By);

internal sealed record CoverageExclusionRequest(string? Customer, string? Site, string? ItemId, string? Reason, string? By);
