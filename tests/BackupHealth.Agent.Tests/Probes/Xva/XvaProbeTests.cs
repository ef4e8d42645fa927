using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Probes.Xva;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;
using BackupHealth.VendorFakes.Xva;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Probes.Xva;

public sealed class XvaProbeTests : IDisposable
{
    private const int MiB = 1024 * 1024;
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _exports = new("bh-xva-exports");
    private readonly TempDirectory _data = new("bh-xva-state");
    private readonly TestLogging _logging = new();
    private readonly FakeTimeProvider _time = new(Now);

    public void Dispose()
    {
        _logging.Dispose();
        _exports.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task A_settled_export_is_verified_and_reported_with_its_vm_and_figures()
    {
        var path = WriteExport("web01/web01-0310.xva", "web01", TimeSpan.FromMinutes(30));
        var stores = ProbeStateStores.InMemory();

        var result = await Probe(stores).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        var run = Assert.Single(result.Observations);
        Assert.Equal(RunStatus.Success, run.Status);
        Assert.Equal(("xenserver.xva", "xva-nas", "XenServer exports", "web01"), (run.SourceKind, run.JobKey, run.JobName, run.ProtectedObject));
        Assert.Equal(VerificationState.Passed, run.Verification.State);
        Assert.Contains("1 disk, 3 chunks (xxhash)", run.Verification.Detail, StringComparison.Ordinal);
        Assert.Equal(new FileInfo(path).Length, run.SizeBytes);
        Assert.Equal((Now - TimeSpan.FromMinutes(30)).UtcDateTime, run.EndTime.ToDateTime());
        Assert.Equal("web01/web01-0310.xva", run.Attributes["path"]);
        Assert.Equal(("1", "3", "xxhash", "none"), (run.Attributes["disks"], run.Attributes["chunks"], run.Attributes["hash_algorithm"], run.Attributes["compression"]));
        Assert.Null(ObservationValidator.Validate(run, Now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task A_verified_file_is_not_read_again_even_by_a_new_probe_with_the_same_state_folder()
    {
        var path = WriteExport("web01.xva", "web01", TimeSpan.FromHours(1));
        var first = await Probe(ProbeStateStores.InFolder(_data.Path)).RunAsync(CancellationToken.None);
        OverwriteKeepingSizeAndTime(path);

        var again = await Probe(ProbeStateStores.InFolder(_data.Path)).RunAsync(CancellationToken.None);

        // Had it been read again, the garbage would fail verification.
        Assert.Equal(RunStatus.Success, Assert.Single(again.Observations).Status);
        Assert.Equal(Assert.Single(first.Observations).Id, again.Observations[0].Id);
    }

    [Fact]
    public async Task A_verified_file_replaced_by_one_of_the_same_size_is_verified_again()
    {
        var path = WriteExport("web01.xva", "web01", TimeSpan.FromHours(1));
        await Probe(ProbeStateStores.InFolder(_data.Path)).RunAsync(CancellationToken.None);
        OverwriteKeepingSizeAndTime(path);
        File.SetLastWriteTimeUtc(path, (Now - TimeSpan.FromMinutes(30)).UtcDateTime);

        var again = await Probe(ProbeStateStores.InFolder(_data.Path)).RunAsync(CancellationToken.None);

        Assert.Equal(VerificationState.Failed, Assert.Single(again.Observations).Verification.State);
    }

    [Fact]
    public async Task A_changed_file_is_in_progress_on_the_next_look_then_verified_again()
    {
        var path = WriteExport("web01.xva", "web01", TimeSpan.FromHours(1));
        var stores = ProbeStateStores.InMemory();
        await Probe(stores).RunAsync(CancellationToken.None);
        WriteExport("web01.xva", "web01", TimeSpan.FromMinutes(20), faults: new XvaFaults { FlipByteIn = ("Ref:3", 1) }, size: 4L * MiB);

        var changed = await Probe(stores).RunAsync(CancellationToken.None);
        var verified = await Probe(stores).RunAsync(CancellationToken.None);

        Assert.Equal(RunStatus.Running, Assert.Single(changed.Observations).Status);
        var run = Assert.Single(verified.Observations);
        // One fact, one alert: the export ran (success); its corrupt content is the verification's to say, once.
        Assert.Equal(RunStatus.Success, run.Status);
        Assert.Equal(VerificationState.Failed, run.Verification.State);
        Assert.Contains("web01 disk 0 'disk', Ref:3, chunk 00000001 (disk offset 1048576): xxhash mismatch: expected", run.Verification.Detail, StringComparison.Ordinal);
        Assert.Empty(run.Message);
        Assert.Equal(new FileInfo(path).Length, run.SizeBytes);
    }

    [Fact]
    public async Task A_file_modified_within_the_settle_time_is_running_and_not_verified()
    {
        WriteExport("web01.xva", "web01", TimeSpan.FromSeconds(30));

        var first = await Probe(ProbeStateStores.InMemory()).RunAsync(CancellationToken.None);

        var run = Assert.Single(first.Observations);
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.Equal(VerificationState.NotVerified, run.Verification.State);
        Assert.StartsWith("still being written: 3.0 MiB", run.Message, StringComparison.Ordinal);
        Assert.Equal("web01.xva", run.ProtectedObject);
    }

    [Fact]
    public async Task A_growing_file_keeps_one_running_fact_and_settles_into_a_verdict()
    {
        var stores = ProbeStateStores.InMemory();
        var path = _exports.Combine("web01.xva");
        new XvaWriter { VmName = "web01", Disks = [XvaTestDisk.Random("Ref:3", 3L * MiB, seed: 1)] }.Write(path);
        XvaWriter.Truncate(path, MiB);
        File.SetLastWriteTimeUtc(path, Now.UtcDateTime.AddSeconds(-5));
        var early = await Probe(stores).RunAsync(CancellationToken.None);
        new XvaWriter { VmName = "web01", Disks = [XvaTestDisk.Random("Ref:3", 3L * MiB, seed: 1)] }.Write(path);
        File.SetLastWriteTimeUtc(path, Now.UtcDateTime);
        _time.Advance(TimeSpan.FromMinutes(1));
        var later = await Probe(stores).RunAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));

        var settled = await Probe(stores).RunAsync(CancellationToken.None);

        Assert.Equal(Assert.Single(early.Observations).Id, Assert.Single(later.Observations).Id);
        Assert.Equal(RunStatus.Running, later.Observations[0].Status);
        Assert.Equal(RunStatus.Success, Assert.Single(settled.Observations).Status);
        Assert.NotEmpty(early.Observations[0].RunId);
        Assert.Equal(early.Observations[0].RunId, settled.Observations[0].RunId);
    }

    [Fact]
    public async Task A_truncated_settled_file_fails_with_the_reason()
    {
        var path = WriteExport("web01.xva", "web01", TimeSpan.FromHours(1));
        var modified = File.GetLastWriteTimeUtc(path);
        XvaWriter.Truncate(path, (2L * MiB) + 100);
        File.SetLastWriteTimeUtc(path, modified);

        var result = await Probe(ProbeStateStores.InMemory()).RunAsync(CancellationToken.None);

        var run = Assert.Single(result.Observations);
        Assert.Equal((RunStatus.Success, VerificationState.Failed), (run.Status, run.Verification.State));
        Assert.Contains("truncated: the archive ends inside member Ref:3/00000001", run.Verification.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_older_than_the_lookback_are_neither_verified_nor_reported()
    {
        WriteExport("old.xva", "old", TimeSpan.FromDays(8));

        var result = await Probe(ProbeStateStores.InMemory()).RunAsync(CancellationToken.None);

        Assert.Empty(result.Observations);
    }

    [Fact]
    public async Task A_missing_folder_is_a_probe_error()
    {
        var options = Options();
        options.Path = _exports.Combine("nowhere");

        var result = await new XvaProbe(options, _time, ProbeStateStores.InMemory().For("xva-nas"), _logging.For<XvaProbe>()).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Contains("does not exist", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_settings_are_named()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Probes:0:Type"] = "xva",
            ["Probes:0:Name"] = "xva-nas",
            ["Probes:0:Path"] = "relative/exports",
            ["Probes:0:Pattern"] = "/abs/*.xva",
            ["Probes:0:MaxConcurrent"] = "0",
            ["Probes:0:SettleTime"] = "-00:01:00",
        }).Build().GetSection("Probes:0");
        var registration = ProbeRegistry.Default.Find("xva")!;

        var errors = registration.Validate(registration.Bind(section), "Probes:0");

        Assert.Contains(errors, e => e.StartsWith("Probes:0:Path", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Probes:0:Pattern", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Probes:0:MaxConcurrent", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Probes:0:SettleTime", StringComparison.Ordinal));
    }

    private XvaProbeOptions Options() => new()
    {
        Name = "xva-nas",
        Type = "xva",
        Path = _exports.Path,
        JobName = "XenServer exports",
    };

    private XvaProbe Probe(ProbeStateStores stores) => new(Options(), _time, stores.For("xva-nas"), _logging.For<XvaProbe>());

    private string WriteExport(string relativePath, string vm, TimeSpan age, XvaFaults? faults = null, long size = 3L * MiB)
    {
        var path = _exports.Combine(relativePath.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        new XvaWriter { VmName = vm, Disks = [XvaTestDisk.Random("Ref:3", size, seed: 1)], Faults = faults ?? new XvaFaults() }.Write(path);
        File.SetLastWriteTimeUtc(path, (Now - age).UtcDateTime);
        return path;
    }

    private static void OverwriteKeepingSizeAndTime(string path)
    {
        var modified = File.GetLastWriteTimeUtc(path);
        var garbage = new byte[new FileInfo(path).Length];
        new Random(1).NextBytes(garbage);
        File.WriteAllBytes(path, garbage);
        File.SetLastWriteTimeUtc(path, modified);
    }
}
