using BackupHealth.Agent.Probes;
using BackupHealth.Contracts.V1;
using static BackupHealth.Agent.Tests.Probes.ProxmoxVzdump.VzdumpLines;

namespace BackupHealth.Agent.Tests.Probes.ProxmoxVzdump;

/// <summary>The <c>proxmox-vzdump</c> probe lists the node's guests its backup jobs (<c>jobs.cfg</c>) cover, with the
/// schedule they run on, under the job keys of the runs it reports.</summary>
public sealed partial class ProxmoxVzdumpProbeTests
{
    [Fact]
    public async Task Each_guest_of_this_node_a_backup_job_covers_is_listed_with_the_jobs_schedule_and_enabled_state()
    {
        _config.Guest(100).Guest(101, type: "lxc").Guest(102, node: "pve2").Guest(103).Guest(104).Guest(105).Guest(106).Guest(107)
            .Pool("db", 104)
            .Job("vzdump", "backup-nightly", "schedule mon..fri 21:00", "all 1", "exclude 103,104,105,106,107", "enabled 1", "storage local", "mode snapshot")
            .Job("vzdump", "backup-db", "schedule sat 02:00", "pool db", "storage nas")
            .Job("vzdump", "backup-old", "schedule 03:00", "vmid 103", "enabled 0")
            .Job("vzdump", "backup-monthly", "schedule *-*-01 01:00", "vmid 105")
            .Job("vzdump", "backup-ct-extra", "schedule sun 05:00", "vmid 101,106", "node pve1")
            .Job("realm-sync", "sync-ldap", "schedule daily", "realm ldap");

        var result = await RunAsync(Probe(o => o.ConfigPath = _config.Path));

        var jobs = result.Jobs!.ToDictionary(j => j.Attributes["vmid"]);
        Assert.Equal(["100", "101", "103", "104", "105", "106"], jobs.Keys.Order(StringComparer.Ordinal));
        Assert.All(result.Jobs!, j => Assert.Equal(("proxmox.vzdump", "pve1"), (j.SourceKind, j.Attributes["node"])));

        var nightly = jobs["100"];
        Assert.Equal(("pve1-vzdump/vzdump/100", "Backup of VM 100", true), (nightly.JobKey, nightly.JobName, nightly.Enabled));
        Assert.Equal("mon-fri 21:00 Europe/Berlin", nightly.Attributes["schedule"]);
        Assert.Equal("backup-nightly", nightly.Attributes["backup_jobs"]);
        Assert.Null(nightly.NextRun);

        // Two jobs, two schedules: the guest is backed up at either, which no one schedule says.
        Assert.True(jobs["101"].Enabled);
        Assert.False(jobs["101"].Attributes.ContainsKey("schedule"));
        Assert.Equal("backup-nightly,backup-ct-extra", jobs["101"].Attributes["backup_jobs"]);

        Assert.False(jobs["103"].Enabled);
        Assert.False(jobs["103"].Attributes.ContainsKey("schedule"));
        Assert.Equal("sat 02:00 Europe/Berlin", jobs["104"].Attributes["schedule"]);
        Assert.True(jobs["105"].Enabled);
        Assert.False(jobs["105"].Attributes.ContainsKey("schedule"));
        Assert.Equal("*-*-01 01:00", jobs["105"].Attributes["vendor_schedule"]);
        Assert.Equal("sun 05:00 Europe/Berlin", jobs["106"].Attributes["schedule"]);
    }

    [Fact]
    public async Task A_listed_guest_has_the_job_key_of_its_runs()
    {
        _config.Guest(100).Job("vzdump", "backup-nightly", "schedule 21:00", "vmid 100");
        var start = new DateTimeOffset(2026, 11, 26, 20, 0, 0, TimeSpan.Zero);
        var local = new DateTime(2026, 11, 26, 21, 0, 0);
        _folder.AddFinished(_folder.NewUpid(start, "100"), start.AddMinutes(2), "OK",
        [
            .. Job("100 --storage local"),
            .. Start(100, "qemu", "web01", local, Archive(_folder.DumpPath, 100, "qemu", local)),
            .. Finish(100, "1.00GB", TimeSpan.FromMinutes(2), local.AddMinutes(2)),
            "INFO: Backup job finished successfully",
            "TASK OK",
        ]);

        var result = await RunAsync(Probe(o => o.ConfigPath = _config.Path));

        var run = Assert.Single(result.Observations);
        var listing = Assert.Single(result.Jobs!);
        Assert.Equal("pve1-vzdump/vzdump/100", run.JobKey);
        Assert.Equal(run.JobKey, listing.JobKey);
        Assert.Equal("daily 21:00 Europe/Berlin", listing.Attributes["schedule"]);
    }

    [Fact]
    public async Task The_schedule_is_stated_in_the_TimeZone_setting_and_a_UTC_event_in_UTC()
    {
        _config.Guest(100).Guest(101)
            .Job("vzdump", "local-time", "schedule 21:00", "vmid 100")
            .Job("vzdump", "utc", "schedule sat 02:00 UTC", "vmid 101");

        var result = await RunAsync(Probe(o => { o.ConfigPath = _config.Path; o.TimeZone = "America/New_York"; }));

        Assert.Equal(["daily 21:00 America/New_York", "sat 02:00 UTC"], result.Jobs!.Select(j => j.Attributes["schedule"]));
    }

    [Fact]
    public async Task A_cluster_with_no_backup_job_lists_no_guest()
    {
        _config.Guest(100);

        var result = await RunAsync(Probe(o => o.ConfigPath = _config.Path));

        Assert.NotNull(result.Jobs);
        Assert.Empty(result.Jobs);
    }

    [Fact]
    public async Task Jobs_still_in_the_old_vzdump_cron_are_listed_with_their_schedule_as_PVE_7_1_migrates_it()
    {
        // pve-manager's old parse_vzdump_cron_config: "M H * * DOW root [#]vzdump ARGS", a # before vzdump = disabled.
        _config.Guest(100).Guest(101).Guest(102).Guest(103).Guest(104).Job("vzdump", "backup-nightly", "schedule 21:00", "vmid 100");
        _config.WriteFile("vzdump.cron", string.Join('\n',
            "# cluster wide vzdump cron schedule",
            "# Automatically generated file - do not edit",
            "PATH=\"/usr/sbin:/usr/bin:/sbin:/bin\"",
            "",
            "0 2 * * sat           root vzdump 101 --quiet 1 --mode snapshot --storage local",
            "30 23 * * 1-5         root vzdump --all 1 --exclude 100,101,103,104 --quiet 1 --mode snapshot",
            "15 4 * * *            root #vzdump 103 --quiet 1",
            "0 1 * * mon,wed,fri   root vzdump 104 --quiet 1",
            ""));

        var result = await RunAsync(Probe(o => o.ConfigPath = _config.Path));

        var jobs = result.Jobs!.ToDictionary(j => j.Attributes["vmid"]);
        Assert.Equal(["100", "101", "102", "103", "104"], jobs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("daily 21:00 Europe/Berlin", jobs["100"].Attributes["schedule"]);
        Assert.Equal(("sat 02:00 Europe/Berlin", "vzdump.cron:5"), (jobs["101"].Attributes["schedule"], jobs["101"].Attributes["backup_jobs"]));
        Assert.Equal("mon-fri 23:30 Europe/Berlin", jobs["102"].Attributes["schedule"]);
        Assert.False(jobs["103"].Enabled);
        Assert.Equal("mon,wed,fri 01:00 Europe/Berlin", jobs["104"].Attributes["schedule"]);
    }

    [Theory]
    [InlineData("*", "")]
    [InlineData("6", "sat")]
    [InlineData("0", "sun")]
    [InlineData("7", "sun")]
    [InlineData("1-5", "mon..fri")]
    [InlineData("mon,wed,fri", "mon,wed,fri")]
    [InlineData("SAT", "sat")]
    [InlineData("8", null)]
    [InlineData("*/2", null)]
    [InlineData("1-3-5", null)]
    public void A_cron_day_of_week_becomes_calendar_event_days(string field, string? days) =>
        Assert.Equal(days, BackupHealth.Agent.Probes.ProxmoxVzdump.PveClusterConfig.CronDays(field));

    [Fact]
    public async Task A_folder_that_is_no_cluster_file_system_lists_nothing_and_the_runs_are_still_read()
    {
        File.Delete(Path.Combine(_config.Path, ".vmlist"));

        var result = await RunAsync(Probe(o => o.ConfigPath = _config.Path));

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.Null(result.Jobs);
    }
}
