using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.ProxmoxVzdump;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Time.Testing;
using static BackupHealth.Agent.Tests.Probes.ProxmoxVzdump.VzdumpLines;

namespace BackupHealth.Agent.Tests.Probes.ProxmoxVzdump;

public sealed partial class ProxmoxVzdumpProbeTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);

    /// <summary>01:00 UTC is 02:00 in Berlin in November (CET, UTC+1).</summary>
    private static readonly DateTimeOffset JobStart = new(2026, 11, 27, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateTime LocalStart = new(2026, 11, 27, 2, 0, 0);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly TestLogging _logging = new();
    private readonly ProbeStateStores _stores = ProbeStateStores.InMemory();
    private readonly VzdumpTaskFolder _folder = new();
    private readonly PveConfigFolder _config = new();

    public void Dispose()
    {
        _folder.Dispose();
        _config.Dispose();
        _logging.Dispose();
    }

    private ProxmoxVzdumpProbe Probe(Action<ProxmoxVzdumpProbeOptions>? configure = null)
    {
        var options = new ProxmoxVzdumpProbeOptions
        {
            Name = "pve1-vzdump",
            Type = ProxmoxVzdumpProbe.TypeName,
            TasksPath = _folder.TasksPath,
            TimeZone = "Europe/Berlin",
        };
        configure?.Invoke(options);
        return new ProxmoxVzdumpProbe(options, _time, _stores.For(options.Name), _logging.For<ProxmoxVzdumpProbe>());
    }

    private static async Task<ProbeResult> RunAsync(ProxmoxVzdumpProbe probe) => await probe.RunAsync(CancellationToken.None);

    private string ArchiveOf(int vmid, string type, DateTime local) => Archive(_folder.DumpPath, vmid, type, local);

    [Fact]
    public async Task A_successful_job_gives_one_run_per_guest_with_name_size_archive_and_UTC_times()
    {
        var upid = _folder.NewUpid(JobStart);
        var web = ArchiveOf(100, "qemu", LocalStart);
        var dns = ArchiveOf(101, "lxc", LocalStart.AddMinutes(2));
        _folder.AddFinished(upid, JobStart + TimeSpan.FromMinutes(3), "OK",
        [
            .. Job("100 101 --mode snapshot --storage local --node pve1"),
            .. Start(100, "qemu", "web01", LocalStart, web),
            .. Finish(100, "1.87GB", TimeSpan.FromSeconds(83), LocalStart.AddSeconds(83)),
            .. Start(101, "lxc", "dns01", LocalStart.AddMinutes(2), dns),
            .. Finish(101, "512MB", TimeSpan.FromSeconds(40), LocalStart.AddMinutes(2).AddSeconds(40)),
            "INFO: Backup job finished successfully",
            "TASK OK",
        ]);

        var result = await RunAsync(Probe());

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.Equal(2, result.Observations.Count);
        var first = result.Observations.Single(o => o.Attributes["vmid"] == "100");
        Assert.Equal(RunStatus.Success, first.Status);
        Assert.Equal("proxmox.vzdump", first.SourceKind);
        Assert.Equal("pve1-vzdump/vzdump/100", first.JobKey);
        Assert.Equal("web01", first.ProtectedObject);
        Assert.Equal((long)Math.Round(1.87m * 1024 * 1024 * 1024), first.SizeBytes);
        Assert.Equal(web, first.Attributes["archive"]);
        Assert.Equal("qemu", first.Attributes["type"]);
        Assert.Equal("pve1", first.Attributes["node"]);
        Assert.Equal("local", first.Attributes["storage"]);
        Assert.Equal(upid, first.Attributes["upid"]);
        Assert.Equal($"{upid}/100", first.RunId);
        Assert.Equal(JobStart, first.StartTime.ToDateTimeOffset());
        Assert.Equal(JobStart + TimeSpan.FromSeconds(83), first.EndTime.ToDateTimeOffset());
        var second = result.Observations.Single(o => o.Attributes["vmid"] == "101");
        Assert.Equal(("dns01", "lxc", 512L * 1024 * 1024), (second.ProtectedObject, second.Attributes["type"], second.SizeBytes));
        Assert.Equal(JobStart + TimeSpan.FromMinutes(2), second.StartTime.ToDateTimeOffset());
        Assert.All(result.Observations, o => Assert.Null(ObservationValidator.Validate(o, Now, TimeSpan.FromMinutes(10))));
    }

    [Fact]
    public async Task A_failed_guest_is_failed_with_vzdumps_error_while_the_others_of_the_job_succeed()
    {
        var upid = _folder.NewUpid(JobStart);
        _folder.AddFinished(upid, JobStart + TimeSpan.FromMinutes(5), "job errors",
        [
            .. Job("100 102 --storage nas"),
            .. Start(100, "qemu", "web01", LocalStart, ArchiveOf(100, "qemu", LocalStart)),
            .. Finish(100, "2.00GB", TimeSpan.FromMinutes(1), LocalStart.AddMinutes(1)),
            .. Start(102, "qemu", "db01", LocalStart.AddMinutes(1), ArchiveOf(102, "qemu", LocalStart.AddMinutes(1))),
            .. Fail(102, "job failed with err -5 - Input/output error", LocalStart.AddMinutes(4)),
            "INFO: Backup job finished with errors",
            "TASK ERROR: job errors",
        ]);

        var result = await RunAsync(Probe());

        Assert.Equal(RunStatus.Success, result.Observations.Single(o => o.Attributes["vmid"] == "100").Status);
        var failed = result.Observations.Single(o => o.Attributes["vmid"] == "102");
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Equal("job failed with err -5 - Input/output error", failed.Message);
        Assert.Equal("db01", failed.ProtectedObject);
        Assert.Equal("job errors", failed.Attributes["vendor_status"]);
        Assert.Equal(0, failed.SizeBytes);
        Assert.Equal(JobStart + TimeSpan.FromMinutes(4), failed.EndTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task Warnings_of_a_guest_make_its_run_a_warning_with_the_vzdump_text()
    {
        var upid = _folder.NewUpid(JobStart, id: "100");
        _folder.AddFinished(upid, JobStart + TimeSpan.FromMinutes(2), "WARNINGS: 1",
        [
            .. Job("100 --storage local"),
            .. Start(100, "qemu", "web01", LocalStart, ArchiveOf(100, "qemu", LocalStart)),
            "WARN: unable to add notes - storage does not support notes",
            .. Finish(100, "1.00GB", TimeSpan.FromMinutes(1), LocalStart.AddMinutes(1)),
            "INFO: Backup job finished successfully",
            "TASK WARNINGS: 1",
        ]);

        var run = Assert.Single((await RunAsync(Probe())).Observations);

        Assert.Equal(RunStatus.Warning, run.Status);
        Assert.Equal("unable to add notes - storage does not support notes", run.Message);
        Assert.Equal("1", run.Attributes["warning_count"]);
        Assert.Equal("WARNINGS: 1", run.Attributes["vendor_status"]);
    }

    [Fact]
    public async Task A_guest_still_writing_its_dat_file_is_running_then_its_result_is_reported_once_under_the_same_run()
    {
        var upid = _folder.NewUpid(JobStart);
        var second = ArchiveOf(101, "lxc", LocalStart.AddMinutes(2));
        _folder.AddRunning(upid,
        [
            .. Job("100 101 --storage local"),
            .. Start(100, "qemu", "web01", LocalStart, ArchiveOf(100, "qemu", LocalStart)),
            .. Finish(100, "1.00GB", TimeSpan.FromMinutes(2), LocalStart.AddMinutes(2)),
            .. Start(101, "lxc", "dns01", LocalStart.AddMinutes(2), second),
        ]);
        await File.WriteAllBytesAsync(Path.ChangeExtension(second, ".dat"), new byte[4096]);
        var probe = Probe();

        var whileRunning = await RunAsync(probe);
        var again = await RunAsync(probe);
        File.Move(Path.ChangeExtension(second, ".dat"), second);
        _folder.Finish(upid, JobStart + TimeSpan.FromMinutes(4), "OK",
            [.. Finish(101, "300MB", TimeSpan.FromMinutes(2), LocalStart.AddMinutes(4)), "INFO: Backup job finished successfully", "TASK OK"]);
        var finished = await RunAsync(probe);
        var afterRestart = await RunAsync(Probe());

        Assert.Equal(2, whileRunning.Observations.Count);
        Assert.Equal(RunStatus.Success, whileRunning.Observations.Single(o => o.Attributes["vmid"] == "100").Status);
        var running = whileRunning.Observations.Single(o => o.Attributes["vmid"] == "101");
        Assert.Equal(RunStatus.Running, running.Status);
        Assert.Equal("4096", running.Attributes["partial_size"]);
        Assert.Null(running.EndTime);
        Assert.Empty(again.Observations);
        var done = Assert.Single(finished.Observations);
        Assert.Equal((RunStatus.Success, "101"), (done.Status, done.Attributes["vmid"]));
        Assert.Equal(running.RunId, done.RunId);
        Assert.NotEqual(running.Id, done.Id);
        Assert.Empty(afterRestart.Observations);
    }

    [Fact]
    public async Task The_dat_file_is_looked_for_under_DumpPath_when_set()
    {
        var upid = _folder.NewUpid(JobStart, id: "100");
        var logged = Archive("/mnt/pve/nas/dump", 100, "qemu", LocalStart);
        _folder.AddRunning(upid, [.. Job("100 --storage nas"), .. Start(100, "qemu", "web01", LocalStart, logged)]);
        await File.WriteAllBytesAsync(Path.Combine(_folder.DumpPath, Path.GetFileName(Path.ChangeExtension(logged, ".dat"))), new byte[100]);

        var run = Assert.Single((await RunAsync(Probe(o => o.DumpPath = _folder.DumpPath))).Observations);

        Assert.Equal(RunStatus.Running, run.Status);
        Assert.Equal("100", run.Attributes["partial_size"]);
    }

    [Fact]
    public async Task A_job_that_fails_before_any_guest_fails_every_guest_it_was_asked_to_back_up()
    {
        var upid = _folder.NewUpid(JobStart);
        _folder.AddFinished(upid, JobStart + TimeSpan.FromSeconds(5), "could not activate storage 'nas': mount error",
        [
            .. Job("100 101 --storage nas"),
            "INFO: skip external VMs: 101",
            "ERROR: Backup job failed - could not activate storage 'nas': mount error",
            "TASK ERROR: could not activate storage 'nas': mount error",
        ]);

        var run = Assert.Single((await RunAsync(Probe())).Observations);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("pve1-vzdump/vzdump/100", run.JobKey);
        Assert.Equal("VM 100", run.ProtectedObject);
        Assert.Equal("not backed up: backup job failed - could not activate storage 'nas': mount error", run.Message);
        Assert.Equal(JobStart + TimeSpan.FromSeconds(5), run.EndTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task Without_its_log_a_task_is_judged_by_its_index_status()
    {
        var single = _folder.NewUpid(JobStart, id: "105");
        var job = _folder.NewUpid(JobStart + TimeSpan.FromMinutes(1));
        _folder.AddFinished(single, JobStart + TimeSpan.FromMinutes(1), "OK", []);
        _folder.AddFinished(job, JobStart + TimeSpan.FromMinutes(2), "unexpected status", []);
        File.Delete(_folder.LogPath(single));
        File.Delete(_folder.LogPath(job));

        var result = await RunAsync(Probe());

        var ok = result.Observations.Single(o => o.JobKey == "pve1-vzdump/vzdump/105");
        Assert.Equal((RunStatus.Success, "VM 105"), (ok.Status, ok.ProtectedObject));
        var unknown = result.Observations.Single(o => o.JobKey == "pve1-vzdump/vzdump/job");
        Assert.Equal(RunStatus.Failed, unknown.Status);
        Assert.StartsWith("unexpected status: task log not found", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_times_follow_the_TimeZone_setting_and_fall_back_to_the_task_start_and_durations()
    {
        var withTimes = _folder.NewUpid(JobStart, id: "100");
        _folder.AddFinished(withTimes, JobStart + TimeSpan.FromMinutes(1), "OK",
            [.. Start(100, "qemu", "web01", LocalStart, "/dump/a.vma.zst"), .. Finish(100, "1GB", TimeSpan.FromMinutes(1), LocalStart.AddMinutes(1)), "TASK OK"]);
        var withoutTimes = _folder.NewUpid(JobStart + TimeSpan.FromHours(1), id: "101");
        _folder.AddFinished(withoutTimes, JobStart + TimeSpan.FromHours(1) + TimeSpan.FromMinutes(3), "OK",
        [
            "INFO: Starting Backup of VM 101 (lxc)",
            "INFO: creating vzdump archive '/dump/b.tar.zst'",
            "INFO: Finished Backup of VM 101 (00:02:30)",
            "TASK OK",
        ]);

        var inTokyo = await RunAsync(Probe(o => (o.Name, o.TimeZone) = ("tokyo", "Asia/Tokyo")));
        var inBerlin = await RunAsync(Probe());

        var first = inTokyo.Observations.Single(o => o.Attributes["vmid"] == "100");
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 17, 0, 0, TimeSpan.Zero), first.StartTime.ToDateTimeOffset());
        Assert.Equal(JobStart, inBerlin.Observations.Single(o => o.Attributes["vmid"] == "100").StartTime.ToDateTimeOffset());
        var second = inTokyo.Observations.Single(o => o.Attributes["vmid"] == "101");
        Assert.Equal(JobStart + TimeSpan.FromHours(1), second.StartTime.ToDateTimeOffset());
        Assert.Equal(JobStart + TimeSpan.FromHours(1) + TimeSpan.FromSeconds(150), second.EndTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task Tasks_are_read_from_the_rotated_index_too_but_not_beyond_the_lookback()
    {
        var rotated = _folder.NewUpid(JobStart - TimeSpan.FromDays(2), id: "100");
        var old = _folder.NewUpid(JobStart - TimeSpan.FromDays(9), id: "100");
        var other = _folder.NewUpid(JobStart, id: "100", type: "qmstart");
        _folder.AddFinished(old, JobStart - TimeSpan.FromDays(9) + TimeSpan.FromMinutes(1), "OK", ["TASK OK"], rotated: true);
        _folder.AddFinished(rotated, JobStart - TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1), "OK", ["TASK OK"], rotated: true);
        _folder.AddFinished(other, JobStart + TimeSpan.FromMinutes(1), "OK", ["TASK OK"]);

        var result = await RunAsync(Probe());

        Assert.Equal(rotated, Assert.Single(result.Observations).Attributes["upid"]);
    }

    [Fact]
    public async Task A_missing_task_folder_is_a_probe_error_naming_the_setting()
    {
        var result = await RunAsync(Probe(o => o.TasksPath = Path.Combine(_folder.TasksPath, "nope")));

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Contains("TasksPath", result.Message, StringComparison.Ordinal);
    }
}
