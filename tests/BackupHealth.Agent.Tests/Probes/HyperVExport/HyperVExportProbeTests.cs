using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Agent.Probes.HyperVExport;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace BackupHealth.Agent.Tests.Probes.HyperVExport;

public sealed class HyperVExportProbeTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero);
    private static readonly string Uuid = ExportTree.VmGuid.ToLowerInvariant();
    private readonly TempDirectory _root = new("hyperv");
    private readonly FakeTimeProvider _time = new(Start);
    private readonly TestLogging _logging = new();
    private readonly IProbeStateStore _state = ProbeStateStores.InMemory().For("hv");
    private readonly ExportTree _tree;

    public HyperVExportProbeTests()
    {
        _tree = new ExportTree(_root, _time.GetUtcNow);
    }

    public void Dispose()
    {
        _logging.Dispose();
        _root.Dispose();
    }

    private HyperVExportProbe Probe(Action<HyperVExportProbeOptions>? configure = null, IHyperVInventorySource? inventory = null, IProbeStateStore? state = null)
    {
        var options = new HyperVExportProbeOptions { Name = "hv", Type = HyperVExportProbe.TypeName, Path = _root.Path, IncludeInventory = inventory is not null };
        configure?.Invoke(options);
        return new HyperVExportProbe(options, inventory, _time, state ?? _state, _logging.For<HyperVExportProbe>());
    }

    private async Task<ProbeResult> Look(Action<HyperVExportProbeOptions>? configure = null, IHyperVInventorySource? inventory = null)
    {
        var result = await Probe(configure, inventory).RunAsync(CancellationToken.None);
        Assert.Equal(ProbeState.Ok, result.State);
        Assert.All(result.ForCheck, o => Assert.Null(ObservationValidator.Validate(o, _time.GetUtcNow(), TimeSpan.FromMinutes(10))));
        return result;
    }

    [Fact]
    public async Task A_settled_export_with_one_vmcx_and_plausible_disks_is_a_success_of_its_VM()
    {
        _tree.Export("DC01", TimeSpan.FromHours(2), ("DC01.vhdx", 40 * MiB), ("DC01_5E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B.avhdx", 8 * MiB));

        var run = Assert.Single((await Look()).Observations);

        Assert.Equal(RunStatus.Success, run.Status);
        Assert.Equal("hyperv.export", run.SourceKind);
        Assert.Equal("hv/DC01", run.JobKey);
        Assert.Equal("DC01", run.ProtectedObject);
        Assert.Equal(Uuid, run.Attributes["vm_uuid"]);
        Assert.Equal("2", run.Attributes["disks"]);
        Assert.Equal(48 * MiB + 32 * 1024 + 2 * 4096, run.SizeBytes);
        Assert.Equal(run.SizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Attributes["total_bytes"]);
        Assert.Equal(Start - TimeSpan.FromHours(2), run.EndTime.ToDateTimeOffset());
        Assert.Equal("", run.RunId);
        Assert.Equal(VerificationState.NotVerified, run.Verification.State);
    }

    [Fact]
    public async Task A_vmcx_without_any_disk_fails_once_settled_saying_so()
    {
        _tree.Config("FS01", ExportTree.VmGuid, TimeSpan.FromMinutes(2));
        var writing = Assert.Single((await Look()).Observations);
        _time.Advance(TimeSpan.FromMinutes(30));
        var settled = Assert.Single((await Look()).Observations);

        Assert.Equal(RunStatus.Running, writing.Status);
        Assert.Equal(RunStatus.Failed, settled.Status);
        Assert.Equal("incomplete export: no virtual hard disk (.vhdx/.avhdx) in 'Virtual Hard Disks'", settled.Message);
        Assert.Equal(writing.RunId, settled.RunId);
        Assert.NotEqual("", settled.RunId);
    }

    [Fact]
    public async Task A_disk_seen_while_writing_and_gone_when_settled_is_reported_missing()
    {
        _tree.Export("SQL01", TimeSpan.FromMinutes(1), ("SQL01.vhdx", 20 * MiB), ("SQL01-data.vhdx", 60 * MiB));
        var writing = Assert.Single((await Look()).Observations);
        _tree.Delete("SQL01", "Virtual Hard Disks/SQL01-data.vhdx");
        _time.Advance(TimeSpan.FromMinutes(30));
        var settled = Assert.Single((await Look()).Observations);
        _time.Advance(TimeSpan.FromMinutes(5));
        var again = Assert.Single((await Look()).Observations);

        Assert.Equal(RunStatus.Running, writing.Status);
        Assert.Equal(RunStatus.Failed, settled.Status);
        Assert.Equal("incomplete export: disk 'SQL01-data.vhdx' seen while the export was written is missing", settled.Message);
        Assert.Equal(writing.RunId, settled.RunId);
        Assert.Equal(settled.Id, again.Id);
    }

    [Fact]
    public async Task A_disk_growing_between_two_looks_is_running_until_it_stops_then_one_run_succeeds()
    {
        _tree.Export("WEB01", TimeSpan.FromMinutes(1), ("WEB01.vhdx", 1 * MiB));
        var first = Assert.Single((await Look()).Observations);
        _time.Advance(TimeSpan.FromMinutes(15));
        // Grown, though its modification time says it has not been written for longer than SettleTime.
        _tree.Disk("WEB01", "WEB01.vhdx", 3 * MiB, TimeSpan.FromMinutes(14));
        _tree.Touch("WEB01", $"Virtual Machines/{ExportTree.VmGuid}.vmcx", TimeSpan.FromMinutes(14));
        var second = Assert.Single((await Look()).Observations);
        _time.Advance(TimeSpan.FromMinutes(15));
        var third = Assert.Single((await Look()).Observations);

        Assert.Equal([RunStatus.Running, RunStatus.Running, RunStatus.Success], new[] { first.Status, second.Status, third.Status });
        Assert.StartsWith("export being written: a disk grew since the last look", second.Message, StringComparison.Ordinal);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.RunId, third.RunId);
        Assert.NotEqual("", third.RunId);
        Assert.Null(first.EndTime);
        Assert.Equal(3 * MiB + 32 * 1024 + 2 * 4096, third.SizeBytes);
    }

    [Theory]
    [InlineData("empty", "incomplete export: no virtual machine configuration (.vmcx) in 'Virtual Machines'; no virtual hard disk (.vhdx/.avhdx) in 'Virtual Hard Disks'")]
    [InlineData("two-configs", $"incomplete export: 2 virtual machine configurations (.vmcx) in 'Virtual Machines', expected one: 11111111-2222-4333-8444-555555555555.vmcx, {ExportTree.VmGuid}.vmcx")]
    [InlineData("zero-disk", "incomplete export: disk 'APP01.vhdx' is empty (0 bytes)")]
    [InlineData("small-disk", "incomplete export: disk 'APP01.vhdx' is 1048576 bytes, smaller than MinDiskBytes 4194304")]
    [InlineData("disks-only", "incomplete export: no virtual machine configuration (.vmcx) in 'Virtual Machines'")]
    public async Task A_settled_export_that_is_not_complete_fails_with_the_exact_reason(string shape, string expected)
    {
        var age = TimeSpan.FromHours(1);
        switch (shape)
        {
            case "empty":
                Directory.SetLastWriteTimeUtc(Directory.CreateDirectory(_tree.Folder("APP01")).FullName, (Start - age).UtcDateTime);
                break;
            case "two-configs":
                _tree.Export("APP01", age, ("APP01.vhdx", 8 * MiB));
                _tree.Config("APP01", "11111111-2222-4333-8444-555555555555", age);
                break;
            case "zero-disk":
                _tree.Export("APP01", age, ("APP01.vhdx", 0));
                break;
            case "small-disk":
                _tree.Export("APP01", age, ("APP01.vhdx", 1 * MiB));
                break;
            default:
                _tree.Disk("APP01", "APP01.vhdx", 8 * MiB, age);
                break;
        }

        var run = Assert.Single((await Look(o => o.MinDiskBytes = shape == "small-disk" ? 4 * MiB : 0)).Observations);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal(expected, run.Message);
        Assert.Equal("hv/APP01", run.JobKey);
    }

    [Fact]
    public async Task Dated_subfolders_are_read_at_Depth_two_and_each_export_is_a_run_of_its_VM()
    {
        _tree.Export("2025-03-08/DC01", TimeSpan.FromDays(2), ("DC01.vhdx", 8 * MiB));
        _tree.Export("2025-03-09/DC01", TimeSpan.FromDays(1), ("DC01.vhdx", 8 * MiB));
        _tree.Export("2025-03-09/FS01", TimeSpan.FromDays(1), ("FS01.vhdx", 8 * MiB));

        var atDepthTwo = await Look(o => o.Depth = 2);
        var atDepthOne = await new HyperVExportProbe(
            new HyperVExportProbeOptions { Name = "hv1", Type = HyperVExportProbe.TypeName, Path = _root.Path, IncludeInventory = false },
            null, _time, ProbeStateStores.InMemory().For("hv1"), _logging.For<HyperVExportProbe>()).RunAsync(CancellationToken.None);

        Assert.Equal(["2025-03-08/DC01", "2025-03-09/DC01", "2025-03-09/FS01"], atDepthTwo.Observations.Select(o => o.Attributes["path"]));
        Assert.Equal(["hv/DC01", "hv/DC01", "hv/FS01"], atDepthTwo.Observations.Select(o => o.JobKey));
        Assert.All(atDepthTwo.Observations, o => Assert.Equal(RunStatus.Success, o.Status));
        // One level up, the date folders are taken for VMs and hold no export files.
        Assert.All(atDepthOne.Observations, o => Assert.Equal(RunStatus.Failed, o.Status));
    }

    [Fact]
    public async Task An_unchanged_export_keeps_its_id_on_every_look_and_after_the_memory_is_lost()
    {
        _tree.Export("DC01", TimeSpan.FromHours(3), ("DC01.vhdx", 8 * MiB));

        var first = Assert.Single((await Look()).Observations);
        _time.Advance(TimeSpan.FromMinutes(5));
        var second = Assert.Single((await Look()).Observations);
        var forgotten = Assert.Single((await Probe(state: ProbeStateStores.InMemory().For("hv")).RunAsync(CancellationToken.None)).Observations);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Id, forgotten.Id);
    }

    [Fact]
    public async Task Exports_older_than_Lookback_are_not_runs_but_still_count_for_staleness()
    {
        _tree.Export("DC01", TimeSpan.FromDays(10), ("DC01.vhdx", 8 * MiB));
        _tree.Export("FS01", TimeSpan.FromHours(2), ("FS01.vhdx", 8 * MiB));
        var inventory = new RecordedInventory(
            new HyperVVm("DC01", "5E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B", 2),
            new HyperVVm("FS01", ExportTree.VmGuid, 2),
            new HyperVVm("SQL01", "0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9", 3));

        var result = await Look(o => o.MaxAge = TimeSpan.FromDays(1), inventory);

        Assert.Equal(["hv/FS01"], result.Observations.Select(o => o.JobKey));
        Assert.Equal(["hv/DC01", "hv/SQL01"], result.Verdicts.Select(v => v.JobKey));
        Assert.All(result.Verdicts, v => Assert.Equal(RunStatus.Failed, v.Status));
        Assert.Equal("newest complete export of VM DC01 is 10d old (MaxAge 1d)", result.Verdicts[0].Message);
        Assert.Equal("no complete export of VM SQL01 in " + _root.Path, result.Verdicts[1].Message);
        Assert.Equal("true", result.Verdicts[0].Attributes["stale"]);
    }

    [Fact]
    public async Task A_failed_newer_export_does_not_make_a_VM_fresh()
    {
        _tree.Export("2025-03-07/DC01", TimeSpan.FromDays(3), ("DC01.vhdx", 8 * MiB));
        _tree.Config("2025-03-09/DC01", ExportTree.VmGuid, TimeSpan.FromHours(5));

        var result = await Look(o =>
        {
            o.Depth = 2;
            o.MaxAge = TimeSpan.FromDays(2);
        });

        Assert.Equal([RunStatus.Success, RunStatus.Failed], result.Observations.Select(o => o.Status));
        Assert.Equal("newest complete export of VM DC01 is 3d old (MaxAge 2d)", Assert.Single(result.Verdicts).Message);
    }

    [Fact]
    public async Task A_missing_root_is_a_probe_error()
    {
        var result = await Probe(o => o.Path = Path.Combine(_root.Path, "gone")).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Contains("does not exist or is not reachable", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_inventory_lists_the_VMs_by_GUID_and_an_unreadable_one_leaves_the_runs()
    {
        _tree.Export("DC01", TimeSpan.FromHours(2), ("DC01.vhdx", 8 * MiB));
        var inventory = new RecordedInventory(new HyperVVm("DC01", ExportTree.VmGuid, 2), new HyperVVm("HV01", "HV01", 2));

        var result = await Look(inventory: inventory);
        inventory.Failure = new IOException("the CIM namespace root/virtualization/v2 does not exist: is the Hyper-V role installed?");
        var unreadable = await Look(inventory: inventory);

        Assert.Equal("hyperv", result.Inventory!.Hypervisor);
        var item = Assert.Single(result.Inventory.Items);
        Assert.Equal(Uuid, item.Id);
        Assert.Equal(Uuid, item.Attributes["vm_uuid"]);
        Assert.Equal(Uuid, Assert.Single(result.Observations).Attributes["vm_uuid"]);
        Assert.Equal("Running", item.PowerState);
        Assert.Null(unreadable.Inventory);
        Assert.Single(unreadable.Observations);
        Assert.Null((await Probe().RunAsync(CancellationToken.None)).Inventory);
    }

    [Fact]
    public async Task Read_through_PowerShell_the_host_VMs_are_inventory_and_a_denied_read_leaves_the_runs()
    {
        _tree.Export("DC01", TimeSpan.FromHours(2), ("DC01.vhdx", 8 * MiB));
        var commands = Substitute.For<ICommandRunner>();
        commands.RunAsync(Arg.Any<CommandSpec>(), Arg.Any<CancellationToken>()).Returns(
            new CommandResult(0, $$"""[{"Name":"HV01","ElementName":"HV01","EnabledState":2},{"Name":"{{ExportTree.VmGuid}}","ElementName":"DC01","EnabledState":6}]""", ""),
            new CommandResult(3, "", "HRESULT 0x80041003,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand: Access denied"));
        var inventory = new CimHyperVInventorySource(commands);

        var read = await Look(inventory: inventory);
        var denied = await Look(inventory: inventory);

        var item = Assert.Single(read.Inventory!.Items);
        Assert.Equal((Uuid, "DC01", "Saved"), (item.Id, item.Name, item.PowerState));
        Assert.Null(denied.Inventory);
        Assert.Single(denied.Observations);
    }
}

/// <summary>A Hyper-V host's VMs as the CIM query would give them, built in the test.</summary>
internal sealed class RecordedInventory(params HyperVVm[] vms) : IHyperVInventorySource
{
    public Exception? Failure { get; set; }

    public int Reads { get; private set; }

    public Task<IReadOnlyList<HyperVVm>> ReadVmsAsync(CancellationToken cancellationToken)
    {
        Reads++;
        return Failure is null ? Task.FromResult<IReadOnlyList<HyperVVm>>(vms) : Task.FromException<IReadOnlyList<HyperVVm>>(Failure);
    }
}
