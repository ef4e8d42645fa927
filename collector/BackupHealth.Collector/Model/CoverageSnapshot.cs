namespace BackupHealth.Collector.Model;

/// <summary>The inventory and what people said about it, as the rules and the coverage API see it.</summary>
internal sealed record CoverageSnapshot(
    IReadOnlyList<InventoryVm> Vms,
    IReadOnlyList<CoverageMapping> Mappings,
    IReadOnlyList<CoverageExclusion> Exclusions)
{
    public static readonly CoverageSnapshot Empty = new([], [], []);
}

/// <summary>A person said job <paramref name="JobId"/> protects the VM (site, item id).</summary>
internal sealed record CoverageMapping(long SiteId, string ItemId, long JobId, string By, DateTimeOffset At);

/// <summary>A person said the VM (site, item id) is not backed up on purpose.</summary>
internal sealed record CoverageExclusion(long SiteId, string ItemId, string Reason, string By, DateTimeOffset At);
