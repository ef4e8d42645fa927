using BackupHealth.Collector.Coverage;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;
using BackupHealth.Collector.Tests.Rules;
using static BackupHealth.Collector.Tests.Coverage.CoverageScript;

namespace BackupHealth.Collector.Tests.Coverage;

public sealed class CoverageAssessorTests
{
    private static readonly DateTimeOffset LastBackup = JobHistory.Monday.AddDays(14).AddHours(22);
    private static readonly DateTimeOffset Now = LastBackup.AddHours(3);

    private static VmCoverage Single(CoverageScript script, VmNotProtectedOptions? options = null) =>
        Assert.Single(new CoverageAssessor(JobHistory.Resolver(), options ?? new VmNotProtectedOptions()).Assess(script.At(Now)));

    [Fact]
    public void A_powered_off_vm_with_a_current_backup_is_protected_not_merely_not_running()
    {
        var script = new CoverageScript().Add(Vm(WebUuid, "web01", powerState: "Halted"));
        script.Job(1, "web01 export").Daily(LastBackup, new RunTarget("web01"));

        Assert.Equal(CoverageState.Protected, Single(script).State);
    }

    [Fact]
    public void A_powered_off_vm_without_one_is_not_running_and_says_what_it_lacks()
    {
        var coverage = Single(new CoverageScript().Add(Vm(WebUuid, "web01", powerState: "stopped")));

        Assert.Equal(CoverageState.NotRunning, coverage.State);
        Assert.Equal("not running (stopped), so not judged; no job backs it up: no recent run names it by uuid, vmid or name, and no job is mapped to it",
            coverage.Reason);
    }

    [Fact]
    public void An_exclusion_wins_over_everything_and_keeps_the_jobs_listed()
    {
        var script = new CoverageScript().Add(Vm(WebUuid, "web01")).Exclude(WebUuid, "replica of web01 at the DR site");
        script.Job(1, "web01 export").Daily(LastBackup, new RunTarget("web01"));

        var coverage = Single(script);

        Assert.Equal((CoverageState.Excluded, 1, (DateTimeOffset?)LastBackup), (coverage.State, coverage.ProtectedBy.Count, coverage.LastProtected));
        Assert.Equal("excluded by alice on 2025-06-02 00:00 UTC: replica of web01 at the DR site", coverage.Reason);
    }

    [Fact]
    public void Last_protected_is_the_newest_backup_of_any_job_and_due_by_follows_each_jobs_expectation()
    {
        var script = new CoverageScript().Add(Vm(WebUuid, "web01"));
        script.Job(1, "web01 export").Daily(LastBackup.AddDays(-3), new RunTarget("web01"));
        script.Job(2, "web01 replica").Daily(LastBackup, new RunTarget("", VmUuid: WebUuid));

        var coverage = Single(script);

        Assert.Equal((CoverageState.Protected, (DateTimeOffset?)LastBackup), (coverage.State, coverage.LastProtected));
        Assert.Equal([(1L, false, (DateTimeOffset?)LastBackup.AddDays(-2).AddHours(6)), (2L, true, LastBackup.AddDays(1).AddHours(6))],
            coverage.ProtectedBy.Select(p => (p.Job.JobId, p.Current, p.DueBy)));
        Assert.Equal("backed up 2025-06-16 22:00 UTC by web01 replica (matched by uuid); next due by 2025-06-18 04:00 UTC", coverage.Reason);
    }

    [Fact]
    public void A_new_unprotected_vm_says_when_it_will_alert()
    {
        var coverage = Single(new CoverageScript().Add(Vm(WebUuid, "web01", firstSeen: Now.AddMinutes(-20))));

        Assert.Equal((CoverageState.Unprotected, true), (coverage.State, coverage.InNewVmGrace));
        Assert.EndsWith("; a new VM (first seen 2025-06-17 00:40 UTC): no alert before 2025-06-17 01:40 UTC", coverage.Reason, StringComparison.Ordinal);
    }
}
