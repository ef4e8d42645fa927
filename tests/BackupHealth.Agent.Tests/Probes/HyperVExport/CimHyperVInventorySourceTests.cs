using System.Text;
using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Agent.Probes.HyperVExport;
using NSubstitute;

namespace BackupHealth.Agent.Tests.Probes.HyperVExport;

/// <summary>The PowerShell/CIM reader from recorded output of the script on a Hyper-V host (Windows PowerShell 5.1):
/// what it runs, how it parses, and how each way of failing reads in the log.</summary>
public sealed class CimHyperVInventorySourceTests
{
    // ConvertTo-Json -Compress of the host itself, two VMs and one with a non-ASCII name, as printed on a host.
    private const string HostAndVms =
        """[{"Name":"HV01","ElementName":"HV01","EnabledState":2},"""
        + """{"Name":"9A3C2F3E-5B1D-4E7F-8A90-1B2C3D4E5F60","ElementName":"DC01","EnabledState":2},"""
        + """{"Name":"0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9","ElementName":"Büro-SQL","EnabledState":3}]""" + "\r\n";

    private readonly ICommandRunner _commands = Substitute.For<ICommandRunner>();

    private CimHyperVInventorySource Source(CommandResult result)
    {
        _commands.RunAsync(Arg.Any<CommandSpec>(), Arg.Any<CancellationToken>()).Returns(result);
        return new CimHyperVInventorySource(_commands);
    }

    [Fact]
    public async Task The_host_and_its_VMs_are_read_from_the_JSON_and_become_inventory_without_the_host()
    {
        var vms = await Source(new CommandResult(0, HostAndVms, "")).ReadVmsAsync(CancellationToken.None);

        Assert.Equal(
            [new HyperVVm("HV01", "HV01", 2), new HyperVVm("DC01", "9A3C2F3E-5B1D-4E7F-8A90-1B2C3D4E5F60", 2), new HyperVVm("Büro-SQL", "0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9", 3)],
            vms);
        var inventory = HyperVInventory.From(vms);
        Assert.Equal(["DC01", "Büro-SQL"], inventory.Items.Select(i => i.Name));
        Assert.Equal(["Running", "Off"], inventory.Items.Select(i => i.PowerState));
    }

    [Fact]
    public async Task It_runs_Windows_PowerShell_with_the_CIM_query_encoded_and_no_profile()
    {
        await Source(new CommandResult(0, "[]", "")).ReadVmsAsync(CancellationToken.None);

        var command = (CommandSpec)_commands.ReceivedCalls().Single().GetArguments()[0]!;
        Assert.EndsWith("powershell.exe", command.FileName, StringComparison.Ordinal);
        Assert.Equal(["-NoProfile", "-NonInteractive", "-EncodedCommand"], command.Arguments.Take(3));
        var script = Encoding.Unicode.GetString(Convert.FromBase64String(command.Arguments[3]));
        Assert.Contains("Get-CimInstance -Namespace 'root/virtualization/v2' -ClassName Msvm_ComputerSystem", script, StringComparison.Ordinal);
        Assert.Contains("ConvertTo-Json -InputObject $vms", script, StringComparison.Ordinal);
        Assert.Equal(CimHyperVInventorySource.Timeout, command.Timeout);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("")]
    [InlineData("\r\n")]
    public async Task A_host_without_VMs_gives_an_empty_list(string output) =>
        Assert.Empty(await Source(new CommandResult(0, output, "")).ReadVmsAsync(CancellationToken.None));

    [Fact]
    public async Task A_VM_without_EnabledState_keeps_it_unknown() =>
        Assert.Null(Assert.Single(await Source(new CommandResult(0, """[{"Name":"9A3C2F3E-5B1D-4E7F-8A90-1B2C3D4E5F60","ElementName":"DC01","EnabledState":null}]""", ""))
            .ReadVmsAsync(CancellationToken.None)).EnabledState);

    [Fact]
    public async Task A_missing_namespace_says_the_Hyper_V_role_may_be_missing()
    {
        var source = Source(new CommandResult(
            CimHyperVInventorySource.QueryFailedExitCode,
            "",
            "HRESULT 0x8004100e,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand: Invalid namespace \r\n"));

        var ex = await Assert.ThrowsAsync<IOException>(() => source.ReadVmsAsync(CancellationToken.None));

        Assert.Equal("the CIM namespace root/virtualization/v2 does not exist: is the Hyper-V role installed?", ex.Message);
    }

    [Fact]
    public async Task Access_denied_is_an_authorization_failure_naming_the_groups()
    {
        var source = Source(new CommandResult(
            CimHyperVInventorySource.QueryFailedExitCode,
            "",
            "HRESULT 0x80041003,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand: Access denied \r\n"));

        var ex = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => source.ReadVmsAsync(CancellationToken.None));

        Assert.Contains("Hyper-V Administrators", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Access denied", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_other_failure_carries_the_end_of_stderr()
    {
        var ex = await Assert.ThrowsAsync<IOException>(() =>
            Source(new CommandResult(1, "", "The term 'Get-CimInstance' is not recognized\r\n")).ReadVmsAsync(CancellationToken.None));

        Assert.Equal("cannot query root/virtualization/v2: The term 'Get-CimInstance' is not recognized", ex.Message);
    }

    [Fact]
    public async Task PowerShell_missing_or_too_slow_is_an_IO_failure_not_a_crash()
    {
        var missing = await Assert.ThrowsAsync<IOException>(() =>
            Source(new CommandResult(-1, "", "", StartError: "No such file or directory")).ReadVmsAsync(CancellationToken.None));
        var slow = await Assert.ThrowsAsync<IOException>(() =>
            Source(new CommandResult(-1, "", "", TimedOut: true)).ReadVmsAsync(CancellationToken.None));

        Assert.Equal("cannot run Windows PowerShell to read root/virtualization/v2: No such file or directory", missing.Message);
        Assert.Contains("did not finish within 00:01:00", slow.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_that_is_not_the_JSON_array_is_an_IO_failure()
    {
        var ex = await Assert.ThrowsAsync<IOException>(() =>
            Source(new CommandResult(0, "WARNING: something else\r\n", "")).ReadVmsAsync(CancellationToken.None));

        Assert.StartsWith("Get-CimInstance printed no JSON array of root/virtualization/v2 systems", ex.Message, StringComparison.Ordinal);
    }
}
