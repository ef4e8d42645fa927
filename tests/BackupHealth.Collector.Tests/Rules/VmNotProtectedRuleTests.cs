using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;
using BackupHealth.Collector.Tests.Coverage;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static BackupHealth.Collector.Tests.Coverage.CoverageScript;
using static BackupHealth.Collector.Tests.Rules.RuleAssert;

namespace BackupHealth.Collector.Tests.Rules;

public sealed class VmNotProtectedRuleTests
{
    /// <summary>The newest nightly backup of web01 ended Monday 22:00 (a learned daily job: due 1 d + 6 h later).</summary>
    private static readonly DateTimeOffset LastBackup = JobHistory.Monday.AddDays(14).AddHours(22);

    private readonly FakeTimeProvider _time = new(LastBackup.AddHours(1));
    private readonly CoverageScript _script = new();

    public VmNotProtectedRuleTests()
    {
        _script.Add(Vm(WebUuid, "web01"));
        _script.Job(1, "web01 export").Daily(LastBackup, new RunTarget("web01", VmUuid: WebUuid));
    }

    private static VmNotProtectedRule Rule(VmNotProtectedOptions? options = null) =>
        new(JobHistory.Resolver(), Options.Create(options ?? new VmNotProtectedOptions()));

    private EvaluationSnapshot Now() => _script.At(_time.GetUtcNow());

    [Fact]
    public void A_vm_backed_up_within_its_jobs_expectation_is_quiet()
    {
        Quiet(Rule(), Now());

        _time.SetUtcNow(LastBackup.AddDays(1).AddHours(6));
        Quiet(Rule(), Now());
    }

    [Fact]
    public void Fires_once_the_newest_backup_is_past_the_jobs_deadline()
    {
        _time.SetUtcNow(LastBackup.AddDays(1).AddHours(6).AddMinutes(1));

        var finding = Fires(Rule(), Now());

        Assert.Equal(($"vm:3:{WebUuid}", AlertSeverity.Warning, 3L, (long?)7L, (long?)null),
            (finding.Subject, finding.Severity, finding.SiteId, finding.AgentId, finding.JobId));
        Assert.Equal("VM web01 not protected", finding.Title);
        Assert.Equal(
            "last backed up 2025-06-16 22:00 UTC by web01 export (matched by uuid), due by 2025-06-18 04:00 UTC "
            + $"(Contoso Ltd / Head office: xcp-ng VM {WebUuid} (Running) reported by probe xen-pool of agent xen01)",
            finding.Detail);
    }

    [Fact]
    public void The_expectation_is_that_of_the_job_that_made_the_backup()
    {
        // A weekly job set by a person: a backup five days old is still within it.
        _script.Add(Vm("db-uuid", "db01"));
        var weekly = _script.Job(2, "db01 weekly");
        weekly.Setting = new ExpectationSetting(TimeSpan.FromDays(7), null, TimeSpan.FromHours(2));
        weekly.Run(LastBackup.AddDays(-5), new RunTarget("DB01"));

        Quiet(Rule(), Now());
        _time.SetUtcNow(LastBackup.AddDays(2).AddHours(2).AddMinutes(1));
        Assert.Equal("vm:3:db-uuid", Fires(Rule(), _script.At(_time.GetUtcNow()).WithoutVm(WebUuid)).Subject);
    }

    [Fact]
    public void One_current_job_is_enough_when_another_has_lapsed()
    {
        _script.Job(2, "old replica").Run(LastBackup.AddDays(-60), new RunTarget("web01"));

        Quiet(Rule(), Now());
    }

    [Fact]
    public void A_vm_no_job_backs_up_fires()
    {
        _script.Add(Vm("test-uuid", "test01"));

        var finding = Fires(Rule(), Now());

        Assert.Equal("vm:3:test-uuid", finding.Subject);
        Assert.StartsWith("no job backs it up: no recent run names it by uuid, vmid or name, and no job is mapped to it (", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vm_whose_job_never_made_a_backup_of_it_fires()
    {
        _script.Add(Vm("app-uuid", "app01"));
        _script.Job(2, "app01 nightly").Run(LastBackup, new RunTarget("app01"), RunStatus.Failed);

        var finding = Fires(Rule(), Now());

        Assert.StartsWith("no backup of it among the recent runs of app01 nightly (matched by name) (", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_excluded_vm_never_fires()
    {
        _script.Add(Vm("test-uuid", "test01")).Exclude("test-uuid");

        Quiet(Rule(), Now());
    }

    [Fact]
    public void A_powered_off_vm_fires_only_when_all_vms_are_judged()
    {
        _script.Add(Vm("old-uuid", "old01", powerState: "Halted"));

        Quiet(Rule(), Now());
        Assert.Equal("vm:3:old-uuid", Fires(Rule(new VmNotProtectedOptions { PoweredOnOnly = false }), Now()).Subject);
    }

    [Fact]
    public void A_new_vm_does_not_fire_within_its_grace()
    {
        _script.Add(Vm("new-uuid", "new01", firstSeen: _time.GetUtcNow()));

        _time.Advance(TimeSpan.FromMinutes(59));
        Quiet(Rule(), Now());
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("vm:3:new-uuid", Fires(Rule(), Now()).Subject);
    }

    [Fact]
    public void The_new_vm_grace_is_configurable()
    {
        _script.Add(Vm("new-uuid", "new01", firstSeen: _time.GetUtcNow()));

        Quiet(Rule(new VmNotProtectedOptions { NewVmGrace = TimeSpan.FromHours(4) }), Now());
        Fires(Rule(new VmNotProtectedOptions { NewVmGrace = TimeSpan.Zero }), Now());
    }

    [Fact]
    public void The_finding_clears_when_the_vm_is_backed_up()
    {
        _script.Add(Vm("test-uuid", "test01"));
        Fires(Rule(), Now());

        _time.Advance(TimeSpan.FromHours(3));
        _script.Job(2, "test01 export").Run(_time.GetUtcNow(), new RunTarget("", VmUuid: "test-uuid"));

        Quiet(Rule(), Now());
    }

    [Fact]
    public void The_finding_clears_when_the_vm_is_excluded_removed_or_powered_off()
    {
        _script.Add(Vm("test-uuid", "test01"));
        Fires(Rule(), Now());

        Quiet(Rule(), new CoverageScript().Add(Vm("test-uuid", "test01")).Exclude("test-uuid").At(_time.GetUtcNow()));
        Quiet(Rule(), Now().WithoutVm("test-uuid"));
        _script.Replace("test-uuid", vm => vm with { PowerState = "Halted" });
        Quiet(Rule(), Now());
    }

    [Fact]
    public void A_mapping_protects_a_vm_the_runs_do_not_name()
    {
        _script.Add(Vm("fs-uuid", "fs01")).Map("fs-uuid", 2);
        _script.Job(2, "File server image").Daily(LastBackup, new RunTarget("FS-IMAGE"));

        Quiet(Rule(), Now());
    }

    [Fact]
    public void Severity_and_switch_come_from_the_options()
    {
        _script.Add(Vm("test-uuid", "test01"));

        Assert.Equal(AlertSeverity.Critical, Fires(Rule(new VmNotProtectedOptions { Severity = AlertSeverity.Critical }), Now()).Severity);
        Quiet(Rule(new VmNotProtectedOptions { Enabled = false }), Now());
    }

    [Fact]
    public void One_finding_per_vm_of_every_site()
    {
        _script.Add(Vm("a", "a01")).Add(Vm("b", "b01")).Add(Vm("a", "a01", agentId: 9, siteId: OtherSite));

        var subjects = Rule().Evaluate(Now()).Select(f => f.Subject).Order(StringComparer.Ordinal);

        Assert.Equal(["vm:3:a", "vm:3:b", "vm:4:a"], subjects);
    }

    [Fact]
    public void Without_inventory_nothing_fires()
    {
        Quiet(Rule(), new EvaluationSnapshot(_time.GetUtcNow(), [], _script.Jobs));
    }
}

internal static class CoverageSnapshotExtensions
{
    public static EvaluationSnapshot WithoutVm(this EvaluationSnapshot snapshot, string itemId) => snapshot with
    {
        Coverage = snapshot.CoverageOrEmpty with { Vms = snapshot.CoverageOrEmpty.Vms.Where(v => v.ItemId != itemId).ToList() },
    };
}
