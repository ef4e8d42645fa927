using System.Globalization;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Agent.Probes.HyperVExport;

/// <summary>Hyper-V VMs as inventory items: Id and <c>vm_uuid</c> the VM GUID (lower case, as the export's .vmcx
/// file name gives it to the runs), PowerState Hyper-V's word for the CIM <c>EnabledState</c>.</summary>
internal static class HyperVInventory
{
    public const string Hypervisor = "hyperv";

    /// <summary>EnabledState values of <c>Msvm_ComputerSystem</c> (v2: 2, 3, 6, 9, 10, 4) and the transitional
    /// values of the v1 provider and the DMTF vendor range (32768…), named as Hyper-V Manager shows them.</summary>
    private static readonly Dictionary<int, string> States = new()
    {
        [0] = "Unknown",
        [1] = "Other",
        [2] = "Running",
        [3] = "Off",
        [4] = "Stopping",
        [5] = "NotApplicable",
        [6] = "Saved",
        [7] = "InTest",
        [8] = "Deferred",
        [9] = "Paused",
        [10] = "Starting",
        [32768] = "Paused",
        [32769] = "Saved",
        [32770] = "Starting",
        [32773] = "Saving",
        [32774] = "Stopping",
        [32776] = "Pausing",
        [32777] = "Resuming",
        [32779] = "FastSaved",
        [32780] = "FastSaving",
    };

    /// <summary>Hyper-V's word for an EnabledState; an unknown value keeps its number (<c>EnabledState 40000</c>).</summary>
    public static string PowerStateOf(int? enabledState) =>
        enabledState is not { } state ? "Unknown"
        : States.TryGetValue(state, out var word) ? word
        : string.Create(CultureInfo.InvariantCulture, $"EnabledState {state}");

    /// <summary>The VM GUID in the one form runs and inventory share; null when <paramref name="id"/> is no GUID (the
    /// host's own Msvm_ComputerSystem is named after the computer).</summary>
    public static string? VmUuid(string? id) =>
        Guid.TryParse(id, out var guid) ? guid.ToString("D", CultureInfo.InvariantCulture) : null;

    public static ProbeInventory From(IEnumerable<HyperVVm> vms)
    {
        var items = new List<InventoryItem>();
        foreach (var vm in vms)
        {
            if (VmUuid(vm.Id) is not { } uuid)
            {
                continue;
            }

            var item = new InventoryItem { Id = uuid, Name = vm.Name, PowerState = PowerStateOf(vm.EnabledState) };
            item.Attributes["vm_uuid"] = uuid;
            if (vm.EnabledState is { } state)
            {
                item.Attributes["enabled_state"] = state.ToString(CultureInfo.InvariantCulture);
            }

            items.Add(item);
        }

        return new ProbeInventory(Hypervisor, items);
    }
}
