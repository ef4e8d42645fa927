using BackupHealth.Collector.Coverage;
using BackupHealth.Collector.Web.Pages.Coverage;

namespace BackupHealth.Collector.Tests.Web;

public sealed class CoverageGroupingTests
{
    private static CoverageVmDto Vm(string customer, string site, string name, string covered, string agent = "xen01", string probe = "xen-pool") =>
        new(customer, site, agent, "xcp-ng", probe, $"{customer}/{site}/{name}", name, "Running", covered, [], null, "", DateTime.UnixEpoch, false, null);

    [Fact]
    public void Problems_come_first_at_every_level_then_names()
    {
        var groups = CoverageCustomerGroup.Of(
        [
            Vm("Alpha", "Main", "b-ok", "protected"),
            Vm("Alpha", "Main", "a-off", "excluded"),
            Vm("Zulu", "Annex", "ok", "protected"),
            Vm("Zulu", "Depot", "z-bad", "unprotected"),
            Vm("Zulu", "Depot", "a-ok", "protected"),
            Vm("Zulu", "Depot", "m-off", "not-running"),
        ], (_, _, _) => null);

        Assert.Equal(["Zulu", "Alpha"], groups.Select(g => g.Customer));
        Assert.Equal(["Depot", "Annex"], groups[0].Sites.Select(s => s.Site));
        Assert.Equal(["z-bad", "m-off", "a-ok"], groups[0].Sites[0].Hosts.Single().Vms.Select(v => v.Name));
        Assert.Equal(["b-ok", "a-off"], groups[1].Sites.Single().Hosts.Single().Vms.Select(v => v.Name));
    }

    [Fact]
    public void Each_agent_and_probe_is_its_own_hypervisor_group_with_the_agents_host_name()
    {
        var groups = CoverageCustomerGroup.Of(
        [
            Vm("Alpha", "Main", "web01", "protected", agent: "xen01", probe: "pool-a"),
            Vm("Alpha", "Main", "db01", "unprotected", agent: "xen01", probe: "pool-b"),
            Vm("Alpha", "Main", "pve1", "protected", agent: "pve01", probe: "cluster"),
        ], (customer, site, agent) => customer == "Alpha" && site == "Main" && agent == "xen01" ? "xen01.alpha.example" : null);

        var hosts = groups.Single().Sites.Single().Hosts;
        Assert.Equal([("xen01", "pool-b", "xen01.alpha.example"), ("pve01", "cluster", null), ("xen01", "pool-a", "xen01.alpha.example")],
            hosts.Select(h => (h.Agent, h.Probe, h.HostName)));
    }
}
