using BackupHealth.Collector.Coverage;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Tests.Rules;
using BackupHealth.Contracts.V1;
using static BackupHealth.Collector.Tests.Coverage.CoverageScript;

namespace BackupHealth.Collector.Tests.Coverage;

public sealed class CoverageMatcherTests
{
    private static readonly DateTimeOffset Monday = JobHistory.Monday;

    private static MatchKind? Match(InventoryVm vm, RunTarget run, long runAgent = Agent) => CoverageMatcher.Match(vm, runAgent, run);

    [Fact]
    public void Vm_uuid_attribute_matches_ignoring_case()
    {
        var vm = Vm("OpaqueRef:1", "web01", vmUuid: WebUuid);

        Assert.Equal(MatchKind.Uuid, Match(vm, new RunTarget("", VmUuid: WebUuid.ToUpperInvariant())));
    }

    [Fact]
    public void Item_id_is_the_uuid_when_the_vm_has_no_uuid_attribute()
    {
        var vm = Vm(WebUuid, "web01");

        Assert.Equal(MatchKind.Uuid, Match(vm, new RunTarget("something else", VmUuid: WebUuid)));
        // Hyper-V writes its GUIDs upper case and in braces in places; as GUIDs they are the same.
        Assert.Equal(MatchKind.Uuid, Match(vm, new RunTarget("", VmUuid: "{" + WebUuid.ToUpperInvariant() + "}")));
    }

    [Fact]
    public void A_run_uuid_equal_to_an_item_id_that_is_no_guid_matches()
    {
        Assert.Equal(MatchKind.Uuid, Match(Vm("vm-0042", "web01"), new RunTarget("", VmUuid: "VM-0042")));
    }

    [Fact]
    public void A_different_uuid_is_another_vm_even_with_the_same_name()
    {
        var vm = Vm(WebUuid, "web01");

        Assert.Null(Match(vm, new RunTarget("web01", VmUuid: "0d4b1c7e-0000-4000-8000-000000000001")));
    }

    [Fact]
    public void A_run_uuid_does_not_decide_against_a_vm_without_one()
    {
        // A Proxmox guest without a known smbios uuid: the run's uuid cannot be compared, so the name decides.
        var vm = Vm("pve1/101", "web01", vmid: "101");

        Assert.Equal(MatchKind.Name, Match(vm, new RunTarget("web01", VmUuid: WebUuid), runAgent: 9));
    }

    [Fact]
    public void Vmid_matches_on_the_agent_that_reported_the_vm()
    {
        var vm = Vm("pve1/101", "web01", vmid: "101");

        Assert.Equal(MatchKind.Vmid, Match(vm, new RunTarget("vzdump", Vmid: "101")));
    }

    [Fact]
    public void Vmid_of_another_agent_is_not_compared_and_the_name_decides()
    {
        // vmids are unique within one cluster only: 101 seen by another agent may be another cluster's guest.
        var vm = Vm("pve1/101", "web01", vmid: "101");

        Assert.Null(Match(vm, new RunTarget("db01", Vmid: "101"), runAgent: 9));
        Assert.Equal(MatchKind.Name, Match(vm, new RunTarget("WEB01", Vmid: "101"), runAgent: 9));
    }

    [Fact]
    public void A_different_vmid_on_the_same_agent_is_another_guest_even_with_the_same_name()
    {
        Assert.Null(Match(Vm("pve1/101", "web01", vmid: "101"), new RunTarget("web01", Vmid: "102")));
    }

    [Fact]
    public void Name_matches_ignoring_case_and_surrounding_spaces()
    {
        var vm = Vm(WebUuid, "Web01");

        Assert.Equal(MatchKind.Name, Match(vm, new RunTarget("WEB01 ")));
        Assert.Null(Match(vm, new RunTarget("web011")));
    }

    [Fact]
    public void Blank_names_never_match()
    {
        Assert.Null(Match(Vm(WebUuid, ""), new RunTarget("")));
        Assert.Null(Match(Vm(WebUuid, "web01"), new RunTarget("  ")));
    }

    [Fact]
    public void A_job_matches_by_its_strongest_run_and_counts_only_its_backups_of_the_vm()
    {
        var vm = Vm(WebUuid, "web01");
        var script = new CoverageScript();
        // One job backing up two VMs: web01's own runs count, db01's success does not.
        script.Job(1, "Nightly VMs")
            .Run(Monday.AddHours(22), new RunTarget("web01"))
            .Run(Monday.AddDays(1).AddHours(22), new RunTarget("web01", VmUuid: WebUuid), RunStatus.Failed)
            .Run(Monday.AddDays(2).AddHours(22), new RunTarget("db01"));

        var match = Assert.Single(CoverageMatcher.Matches(vm, script.Jobs, new HashSet<long>()));

        Assert.Equal((1L, MatchKind.Uuid, Monday.AddHours(22)), (match.Job.JobId, match.By, match.LastProtected));
    }

    [Fact]
    public void A_warning_is_a_backup_made_and_a_failure_or_running_state_is_not()
    {
        var vm = Vm(WebUuid, "web01");
        var script = new CoverageScript();
        script.Job(1, "Nightly").Run(Monday, new RunTarget("web01"), RunStatus.Warning)
            .Run(Monday.AddDays(1), new RunTarget("web01"), RunStatus.Failed)
            .Run(Monday.AddDays(2), new RunTarget("web01"), RunStatus.Running);

        Assert.Equal(Monday, Assert.Single(CoverageMatcher.Matches(vm, script.Jobs, new HashSet<long>())).LastProtected);
    }

    [Fact]
    public void A_matched_job_without_a_backup_of_the_vm_is_listed_without_one()
    {
        var script = new CoverageScript();
        script.Job(1, "Nightly").Run(Monday, new RunTarget("web01"), RunStatus.Failed);

        var match = Assert.Single(CoverageMatcher.Matches(Vm(WebUuid, "web01"), script.Jobs, new HashSet<long>()));

        Assert.Equal((MatchKind.Name, (DateTimeOffset?)null), (match.By, match.LastProtected));
    }

    [Fact]
    public void Jobs_of_another_site_never_match()
    {
        var script = new CoverageScript();
        script.Job(1, "Branch nightly", agentId: 9, siteId: OtherSite).Run(Monday, new RunTarget("web01", VmUuid: WebUuid));

        Assert.Empty(CoverageMatcher.Matches(Vm(WebUuid, "web01"), script.Jobs, new HashSet<long> { 1 }));
    }

    [Fact]
    public void A_mapped_job_protects_the_vm_with_every_backup_it_makes()
    {
        var script = new CoverageScript();
        script.Job(1, "File server image").Run(Monday, new RunTarget("FS-IMAGE")).Run(Monday.AddDays(1), new RunTarget("FS-IMAGE"), RunStatus.Failed);
        script.Job(2, "Unrelated").Run(Monday, new RunTarget("other"));

        var match = Assert.Single(CoverageMatcher.Matches(Vm(WebUuid, "fs01"), script.Jobs, new HashSet<long> { 1 }));

        Assert.Equal((1L, MatchKind.Mapping, (DateTimeOffset?)Monday), (match.Job.JobId, match.By, match.LastProtected));
    }

    [Fact]
    public void A_mapped_job_that_also_matches_on_its_own_keeps_the_automatic_match()
    {
        var script = new CoverageScript();
        script.Job(1, "Nightly VMs").Run(Monday, new RunTarget("web01")).Run(Monday.AddDays(1), new RunTarget("db01"));

        var match = Assert.Single(CoverageMatcher.Matches(Vm(WebUuid, "web01"), script.Jobs, new HashSet<long> { 1 }));

        Assert.Equal((MatchKind.Name, (DateTimeOffset?)Monday), (match.By, match.LastProtected));
    }

    [Fact]
    public void Runs_without_a_target_are_ignored()
    {
        var job = new ScriptedJob(1, "Nightly", Agent, Site).Build() with
        {
            Runs = [new RunRecord("obs", RunStatus.Success, null, Monday, Monday, 1, VerificationState.NotVerified, "", "", false)],
        };

        Assert.Empty(CoverageMatcher.Matches(Vm(WebUuid, "web01"), [job], new HashSet<long>()));
    }

    [Theory]
    [InlineData("Running", true)]
    [InlineData("running", true)]
    [InlineData("poweredOn", true)]
    [InlineData("", true)]
    [InlineData("Unknown", true)]
    [InlineData("Halted", false)]
    [InlineData("stopped", false)]
    [InlineData("Off", false)]
    [InlineData("poweredOff", false)]
    [InlineData("Shut Off", false)]
    [InlineData("Suspended", false)]
    [InlineData("Saved", false)]
    [InlineData("Paused", false)]
    public void Power_states_read_as_running_unless_known_to_be_off(string powerState, bool running)
    {
        Assert.Equal(running, PowerStates.IsRunning(powerState));
    }
}
