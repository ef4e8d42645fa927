using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.Command;
using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Probes.Command;

/// <summary>The command probe's inventory mode: a description of a hypervisor's guests, printed by a real program
/// (the same one the run demo uses), becomes the probe's inventory.</summary>
public sealed class CommandInventoryTests : IDisposable
{
    private readonly TempDirectory _temp = new("command-inventory");
    private readonly TestLogging _logging = new();

    public void Dispose()
    {
        _logging.Dispose();
        _temp.Dispose();
    }

    private async Task<ProbeResult> PrintAsync(string json)
    {
        var file = _temp.Combine("inventory.json");
        await File.WriteAllTextAsync(file, json);
        var options = new CommandProbeOptions
        {
            Name = "demo-inventory",
            Type = CommandProbe.TypeName,
            Output = CommandOutputMode.Inventory,
            Executable = OperatingSystem.IsWindows() ? "cmd" : "cat",
            Arguments = OperatingSystem.IsWindows() ? ["/c", "type", file] : [file],
        };
        var probe = new CommandProbe(options, new ProcessCommandRunner(TimeProvider.System), new FakeTimeProvider(), _logging.For<CommandProbe>());
        return await probe.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_printed_inventory_becomes_the_probes_inventory_with_no_runs()
    {
        var result = await PrintAsync("""
            { "hypervisor": "xenserver", "vms": [
              { "id": "5f0c3c1e-0000-4000-8000-000000000001", "name": "web01", "powerState": "running", "attributes": { "pool": "demo" } },
              { "id": "5f0c3c1e-0000-4000-8000-000000000002", "name": "mail01" } ] }
            """);

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.Empty(result.Observations);
        Assert.Equal("xenserver", result.Inventory?.Hypervisor);
        Assert.Equal(["web01", "mail01"], result.Inventory!.Items.Select(i => i.Name));
        Assert.Equal("5f0c3c1e-0000-4000-8000-000000000001", result.Inventory.Items[0].Id);
        Assert.Equal(("running", "demo"), (result.Inventory.Items[0].PowerState, result.Inventory.Items[0].Attributes["pool"]));
    }

    [Theory]
    [InlineData("[]", "printed JSON that is not an inventory")]
    [InlineData("""{ "vms": [] }""", "printed an inventory without \"hypervisor\" or \"vms\"")]
    [InlineData("""{ "hypervisor": "xenserver", "vms": [ { "name": "web01" } ] }""", "printed a VM without \"id\" or \"name\" at vms[0]")]
    [InlineData("""{ "hypervisor": "xenserver", "vms": [], "host": "x" }""", "printed JSON that is not an inventory")]
    public async Task A_bad_inventory_is_a_probe_error_naming_the_problem(string json, string expected)
    {
        var result = await PrintAsync(json);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
        Assert.Null(result.Inventory);
    }
}
