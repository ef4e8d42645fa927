using BackupHealth.Agent.Probes.HyperVExport;

namespace BackupHealth.Agent.Tests.Probes.HyperVExport;

public sealed class HyperVInventoryTests
{
    [Theory]
    [InlineData(2, "Running")]
    [InlineData(3, "Off")]
    [InlineData(6, "Saved")]
    [InlineData(9, "Paused")]
    [InlineData(10, "Starting")]
    [InlineData(4, "Stopping")]
    [InlineData(32768, "Paused")]
    [InlineData(32769, "Saved")]
    [InlineData(32773, "Saving")]
    [InlineData(40000, "EnabledState 40000")]
    [InlineData(null, "Unknown")]
    public void EnabledState_is_named_as_Hyper_V_names_it(int? enabledState, string expected) =>
        Assert.Equal(expected, HyperVInventory.PowerStateOf(enabledState));

    [Fact]
    public void Records_become_items_keyed_by_the_lower_case_GUID_and_the_host_itself_is_left_out()
    {
        var inventory = HyperVInventory.From(
        [
            new HyperVVm("HV01", "HV01", 2),
            new HyperVVm("DC01", "9A3C2F3E-5B1D-4E7F-8A90-1B2C3D4E5F60", 2),
            new HyperVVm("Old VM", "{0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9}", 3),
            new HyperVVm("Odd", "5E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B", 40000),
        ]);

        Assert.Equal("hyperv", inventory.Hypervisor);
        Assert.Equal(
            ["9a3c2f3e-5b1d-4e7f-8a90-1b2c3d4e5f60", "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", "5e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"],
            inventory.Items.Select(i => i.Id));
        Assert.Equal(["DC01", "Old VM", "Odd"], inventory.Items.Select(i => i.Name));
        Assert.Equal(["Running", "Off", "EnabledState 40000"], inventory.Items.Select(i => i.PowerState));
        Assert.All(inventory.Items, i => Assert.Equal(i.Id, i.Attributes["vm_uuid"]));
        Assert.Equal("40000", inventory.Items[2].Attributes["enabled_state"]);
    }
}
