namespace BackupHealth.Collector.Model;

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
