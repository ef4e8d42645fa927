using BackupHealth.Agent.Probes;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace BackupHealth.Agent.Tests.Probes;

public sealed class ProbeHealthBoardTests
{
    private readonly ProbeHealthBoard _board = new(new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero)));
    private readonly IProbe _probe = Probe("vbr");

    private static IProbe Probe(string name)
    {
        var probe = Substitute.For<IProbe>();
        probe.Name.Returns(name);
        probe.Type.Returns("veeam.vbr");
        return probe;
    }

    private static JobListing Job(string key, bool enabled = true) => new() { JobKey = key, JobName = key, Enabled = enabled };

    /// <summary>Whether a change is signalled right now; a wait that is not satisfied at once is withdrawn, so it
    /// cannot swallow a later change.</summary>
    private bool Changed()
    {
        using var withdraw = new CancellationTokenSource();
        var wait = _board.WaitForChangeAsync(withdraw.Token).AsTask();
        var changed = wait.IsCompletedSuccessfully;
        withdraw.Cancel();
        _board.Snapshot(resetChange: true);
        return changed;
    }

    [Fact]
    public void Same_jobs_in_another_order_are_no_change_but_a_disabled_job_is()
    {
        _board.Record(_probe, ProbeResult.Ok([], [Job("sql01"), Job("fs01")]));
        Assert.True(Changed());

        _board.Record(_probe, ProbeResult.Ok([], [Job("fs01"), Job("sql01")]));
        Assert.False(Changed());

        _board.Record(_probe, ProbeResult.Ok([], [Job("fs01"), Job("sql01", enabled: false)]));
        Assert.True(Changed());
        var list = Assert.Single(_board.JobLists());
        Assert.Equal(("vbr", "sql01", false), (list.ProbeName, list.Jobs[1].JobKey, list.Jobs[1].Enabled));
    }

    [Fact]
    public void A_run_without_a_job_list_keeps_the_last_list()
    {
        _board.Record(_probe, ProbeResult.Ok([], [Job("sql01")]));
        _board.Record(_probe, ProbeResult.Error("api down"));

        Assert.Equal("sql01", Assert.Single(Assert.Single(_board.JobLists()).Jobs).JobKey);
    }

    [Fact]
    public void A_job_that_disappears_from_the_list_is_a_change()
    {
        _board.Record(_probe, ProbeResult.Ok([], [Job("sql01"), Job("fs01")]));
        Changed();

        _board.Record(_probe, ProbeResult.Ok([], [Job("sql01")]));

        Assert.True(Changed());
        Assert.Single(Assert.Single(_board.JobLists()).Jobs);
    }

    private static InventoryItem Vm(string id, string power) => new() { Id = id, Name = "vm-" + id, PowerState = power };

    [Fact]
    public void An_inventory_is_kept_per_probe_and_only_a_real_change_signals()
    {
        _board.Record(_probe, ProbeResult.Ok([]) with { Inventory = new ProbeInventory("xenserver", [Vm("b", "Running"), Vm("a", "Halted")]) });
        Assert.True(Changed());

        _board.Record(_probe, ProbeResult.Ok([]) with { Inventory = new ProbeInventory("xenserver", [Vm("a", "Halted"), Vm("b", "Running")]) });
        Assert.False(Changed());

        _board.Record(_probe, ProbeResult.Error("xapi down"));
        _board.Snapshot(resetChange: true);
        var kept = Assert.Single(_board.Inventories());
        Assert.Equal(["a", "b"], kept.Items.Select(i => i.Id));

        _board.Record(_probe, ProbeResult.Ok([]) with { Inventory = new ProbeInventory("xenserver", [Vm("a", "Running"), Vm("b", "Running")]) });
        Assert.True(Changed());
        var report = Assert.Single(_board.Inventories());
        Assert.Equal(("vbr", "xenserver", "Running"), (report.ProbeName, report.Hypervisor, report.Items[0].PowerState));
    }

    [Fact]
    public void Details_travel_with_the_health_and_a_changed_detail_is_a_change()
    {
        var details = new Dictionary<string, string> { ["api_version"] = "1.3-rev1", ["per_vm_results"] = "expected" };
        _board.Record(_probe, ProbeResult.Ok([]) with { Details = details });
        Assert.True(Changed());

        _board.Record(_probe, ProbeResult.Ok([]) with { Details = new Dictionary<string, string>(details) });
        Assert.False(Changed());

        _board.Record(_probe, ProbeResult.Ok([]) with { Details = new Dictionary<string, string>(details) { ["per_vm_results"] = "yes" } });
        Assert.True(Changed());
        Assert.Equal("yes", Assert.Single(_board.Snapshot()).Details["per_vm_results"]);
    }
}
