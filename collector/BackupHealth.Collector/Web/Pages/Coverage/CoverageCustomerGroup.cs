using BackupHealth.Collector.Coverage;

namespace BackupHealth.Collector.Web.Pages.Coverage;

/// <summary>The coverage page's nesting: customer → site → hypervisor (the agent and probe that reported the VMs).
/// At every level the groups with problems come first, and within a hypervisor the unprotected VMs.</summary>
internal sealed record CoverageCustomerGroup(string Customer, IReadOnlyList<CoverageSiteGroup> Sites)
{
    public static IReadOnlyList<CoverageCustomerGroup> Of(IEnumerable<CoverageVmDto> vms, Func<string, string, string, string?> hostName) =>
        vms.GroupBy(v => v.Customer, StringComparer.Ordinal)
            .Select(c => (Rank: c.Min(Rank), Group: new CoverageCustomerGroup(c.Key, c
                .GroupBy(v => v.Site, StringComparer.Ordinal)
                .Select(s => (Rank: s.Min(Rank), Group: new CoverageSiteGroup(s.Key, s
                    .GroupBy(v => (v.Agent, v.Probe, v.Hypervisor))
                    .Select(h => new CoverageHostGroup(h.Key.Agent, hostName(c.Key, s.Key, h.Key.Agent), h.Key.Hypervisor, h.Key.Probe,
                        [.. h.OrderBy(Rank).ThenBy(v => v.Name, StringComparer.OrdinalIgnoreCase).ThenBy(v => v.ItemId, StringComparer.Ordinal)]))
                    .OrderBy(h => Rank(h.Vms[0])).ThenBy(h => h.Agent, StringComparer.OrdinalIgnoreCase).ThenBy(h => h.Probe, StringComparer.Ordinal)
                    .ToList())))
                .OrderBy(s => s.Rank).ThenBy(s => s.Group.Site, StringComparer.OrdinalIgnoreCase)
                .Select(s => s.Group).ToList())))
            .OrderBy(c => c.Rank).ThenBy(c => c.Group.Customer, StringComparer.OrdinalIgnoreCase)
            .Select(c => c.Group).ToList();

    /// <summary>Problems first: unprotected, then not running (not judged), protected, excluded.</summary>
    public static int Rank(CoverageVmDto vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        return Rank(vm.Covered);
    }

    public static int Rank(string state) =>
        state switch
        {
            CoverageStateNames.Unprotected => 0,
            CoverageStateNames.NotRunning => 1,
            CoverageStateNames.Protected => 2,
            _ => 3,
        };
}

internal sealed record CoverageSiteGroup(string Site, IReadOnlyList<CoverageHostGroup> Hosts);

/// <param name="HostName">The agent's host name, when the agent is known.</param>
internal sealed record CoverageHostGroup(string Agent, string? HostName, string Hypervisor, string Probe, IReadOnlyList<CoverageVmDto> Vms);
