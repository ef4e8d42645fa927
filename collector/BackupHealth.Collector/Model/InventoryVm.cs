namespace BackupHealth.Collector.Model;

/// <summary>One VM of a site's inventory, identified by (site, hypervisor item id). When several probes of the site
/// report the same item, the newest report stands for it.</summary>
/// <param name="VmUuid">The item's <c>vm_uuid</c> attribute, if any.</param>
/// <param name="Vmid">The item's <c>vmid</c> attribute (Proxmox), if any.</param>
/// <param name="FirstSeen">When the item was first seen in any inventory of its site.</param>
/// <param name="ReportedAt">When the collector received the report it comes from.</param>
internal sealed record InventoryVm(
    long SiteId,
    string Customer,
    string Site,
    long AgentId,
    string AgentKey,
    string ProbeName,
    string Hypervisor,
    string ItemId,
    string Name,
    string PowerState,
    string? VmUuid,
    string? Vmid,
    DateTimeOffset FirstSeen,
    DateTimeOffset ReportedAt);
