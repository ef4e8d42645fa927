using BackupHealth.Agent.Probes;
using BackupHealth.Contracts.V1;
using BackupHealth.VendorFakes.Proxmox;
using Google.Protobuf.WellKnownTypes;
using static BackupHealth.Agent.Tests.Probes.ProxmoxVzdump.VzdumpLines;

namespace BackupHealth.Agent.Tests.Probes.ProxmoxApi;

/// <summary>The <c>proxmox</c> probe lists the guests the cluster's backup jobs (<c>GET /cluster/backup</c>) cover, each
/// with the job's schedule in its node's zone and PVE's next run, under the job keys of its runs.</summary>
public sealed partial class ProxmoxApiProbeTests
{
    private static readonly DateTimeOffset NextNightly = new(2026, 11, 27, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Covered_guests_are_listed_with_schedule_in_their_nodes_zone_enabled_state_and_next_run()
    {
        _pve.AddNode("pve2", timeZone: "America/New_York");
        _pve.AddGuests(new PveFakeGuest(102, "db01", Pool: "db")).AddBackupJobs(
            new PveFakeBackupJob("backup-nightly", "mon..fri 21:00", All: true, Exclude: "102,9000", Enabled: true, NextRun: NextNightly),
            new PveFakeBackupJob("backup-db", "*/4:00", Pool: "db", NextRun: Now.AddHours(2)),
            new PveFakeBackupJob("backup-template", "sun 01:00", Vmid: "9000", Enabled: false, NextRun: Now.AddDays(2)));

        var result = await RunAsync(Probe());

        Assert.Equal(ProbeState.Ok, result.State);
        var jobs = result.Jobs!.ToDictionary(j => j.JobKey);
        Assert.Equal(["pve/vzdump/100", "pve/vzdump/101", "pve/vzdump/102", "pve/vzdump/9000"], jobs.Keys.Order(StringComparer.Ordinal));
        Assert.All(jobs.Values, j => Assert.Equal("proxmox.api", j.SourceKind));

        var web = jobs["pve/vzdump/100"];
        Assert.True(web.Enabled);
        Assert.Equal("mon-fri 21:00 Europe/Berlin", web.Attributes["schedule"]);
        Assert.Equal(Timestamp.FromDateTimeOffset(NextNightly), web.NextRun);
        Assert.Equal("mon-fri 21:00 America/New_York", jobs["pve/vzdump/101"].Attributes["schedule"]);
        Assert.Equal("0 */4 * * * Europe/Berlin", jobs["pve/vzdump/102"].Attributes["schedule"]);

        var template = jobs["pve/vzdump/9000"];
        Assert.False(template.Enabled);
        Assert.False(template.Attributes.ContainsKey("schedule"));
        Assert.Null(template.NextRun);
        Assert.Contains("GET /api2/json/cluster/backup", _pve.Requests);
    }

    [Fact]
    public async Task Only_guests_on_the_nodes_the_probe_reads_are_listed_and_a_job_bound_to_a_node_covers_only_its_guests()
    {
        _pve.AddGuests(new PveFakeGuest(102, "db01", Pool: "db")).AddBackupJobs(
            new PveFakeBackupJob("backup-all", "21:00", All: true),
            new PveFakeBackupJob("backup-pve2", "sat 02:00", Vmid: "100,101", Node: "pve2"));

        var result = await RunAsync(Probe(o => o.Nodes = ["pve1"]));

        var jobs = result.Jobs!.ToDictionary(j => j.JobKey);
        Assert.Equal(["pve/vzdump/100", "pve/vzdump/102", "pve/vzdump/9000"], jobs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("daily 21:00 Europe/Berlin", jobs["pve/vzdump/100"].Attributes["schedule"]);
        Assert.Equal("backup-all", jobs["pve/vzdump/100"].Attributes["backup_jobs"]);
    }

    [Fact]
    public async Task The_TimeZone_setting_is_the_zone_of_the_schedule_and_an_inexpressible_event_states_none()
    {
        _pve.AddGuests(new PveFakeGuest(102, "db01", Pool: "db")).AddBackupJobs(
            new PveFakeBackupJob("nightly", "21:00", Vmid: "100"),
            new PveFakeBackupJob("monthly", "*-*-01 02:00", Vmid: "102", NextRun: Now.AddDays(4)));

        var result = await RunAsync(Probe(o => o.TimeZone = "UTC"));

        var jobs = result.Jobs!.ToDictionary(j => j.JobKey);
        Assert.Equal("daily 21:00 UTC", jobs["pve/vzdump/100"].Attributes["schedule"]);
        Assert.False(jobs["pve/vzdump/102"].Attributes.ContainsKey("schedule"));
        Assert.Equal(Timestamp.FromDateTimeOffset(Now.AddDays(4)), jobs["pve/vzdump/102"].NextRun);
    }

    [Fact]
    public async Task A_listed_guest_has_the_job_key_of_its_runs()
    {
        _pve.AddGuests(new PveFakeGuest(102, "db01", Pool: "db")).AddBackupJobs(new PveFakeBackupJob("nightly", "02:00", Vmid: "100"));
        _pve.AddTasks(PveFakeTask.Vzdump("pve1", JobStart, JobStart.AddMinutes(2), "OK",
        [
            .. Job("100 --storage local"),
            .. Start(100, "qemu", "web01", LocalStart, "/var/lib/vz/dump/vzdump-qemu-100.vma.zst"),
            .. Finish(100, "1.00GB", TimeSpan.FromMinutes(2), LocalStart.AddMinutes(2)),
            "INFO: Backup job finished successfully",
            "TASK OK",
        ], id: "100"));

        var result = await RunAsync(Probe());

        Assert.Equal("pve/vzdump/100", Assert.Single(result.Observations).JobKey);
        Assert.Equal("pve/vzdump/100", Assert.Single(result.Jobs!).JobKey);
    }
}
