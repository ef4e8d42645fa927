using BackupHealth.Agent.Probes.ProxmoxVzdump;

namespace BackupHealth.Agent.Tests.Probes.ProxmoxVzdump;

public sealed class VzdumpLogParserTests
{
    [Theory]
    [InlineData("1.87GB", 2_007_897_211L)]
    [InlineData("512MB", 536_870_912L)]
    [InlineData("700KB", 716_800L)]
    [InlineData("1.20TB", 1_319_413_953_331L)]
    [InlineData("3.5GiB", 3_758_096_384L)]
    public void Archive_sizes_are_read_in_vzdumps_binary_units(string text, long bytes) =>
        Assert.Equal(bytes, VzdumpSize.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("12XB")]
    public void An_unreadable_size_is_no_size(string text) => Assert.Null(VzdumpSize.Parse(text));

    [Fact]
    public void A_per_guest_log_with_local_time_stamps_gives_times_from_its_lines()
    {
        var log = VzdumpLogParser.Parse(
        [
            "2026-11-27 02:00:01 INFO: Starting Backup of VM 100 (qemu)",
            "2026-11-27 02:00:01 INFO: status = running",
            "2026-11-27 02:00:02 INFO: VM Name: web01",
            "2026-11-27 02:00:03 INFO: creating Proxmox Backup Server archive 'vm/100/2026-11-27T01:00:01Z'",
            "2026-11-27 02:00:04 INFO:  42% (13.4 GiB of 32.0 GiB) in 1s, read: 13.4 GiB/s, write: 0 B/s",
            "2026-11-27 02:03:31 INFO: Finished Backup of VM 100 (00:03:30)",
        ]);

        var guest = Assert.Single(log.Guests);
        Assert.Equal(("100", "qemu", "web01"), (guest.Vmid, guest.Type, guest.Name));
        Assert.Equal("vm/100/2026-11-27T01:00:01Z", guest.Archive);
        Assert.Null(guest.SizeBytes);
        Assert.Equal(VzdumpOutcome.Finished, guest.Outcome);
        Assert.Equal(new DateTime(2026, 11, 27, 2, 0, 1), guest.StartedLocal);
        Assert.Equal(new DateTime(2026, 11, 27, 2, 3, 31), guest.EndedLocal);
        Assert.Equal(TimeSpan.FromSeconds(210), guest.Duration);
        Assert.Null(log.TaskResult);
    }

    [Fact]
    public void The_command_line_gives_the_asked_guests_and_storage_and_job_level_lines_are_the_jobs()
    {
        var log = VzdumpLogParser.Parse(
        [
            "INFO: starting new backup job: vzdump 100 101 102 --mode snapshot --storage pbs01 --notes-template '{{guestname}}'",
            "WARN: both 'storage' and 'dumpdir' defined - ignoring 'dumpdir'",
            "INFO: skip external VMs: 102",
            "ERROR: Backup of VM 101 failed - unable to find VM '101'",
            "INFO: Backup job finished with errors",
            "TASK ERROR: job errors",
        ]);

        Assert.Equal(["100", "101", "102"], log.RequestedVmids);
        Assert.Equal("pbs01", log.Storage);
        Assert.Contains("102", log.SkippedVmids);
        Assert.Equal(["both 'storage' and 'dumpdir' defined - ignoring 'dumpdir'"], log.JobWarnings);
        var failed = Assert.Single(log.Guests);
        Assert.Equal((VzdumpOutcome.Failed, "unable to find VM '101'"), (failed.Outcome, failed.Error));
        Assert.Equal("ERROR: job errors", log.TaskResult);
        Assert.True(log.JobFinished);
    }
}
