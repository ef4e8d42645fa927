namespace BackupHealth.Agent.Probes.Command;

/// <summary>What a script prints in <see cref="CommandOutputMode.Inventory"/> mode: the guests of a hypervisor the
/// agent has no probe for (or a description kept by hand), so coverage can tell which of them no backup protects.</summary>
internal sealed class CommandJsonInventory
{
    /// <summary>e.g. xenserver, proxmox, hyperv, vmware.</summary>
    public string? Hypervisor { get; set; }

    public List<CommandJsonVm?>? Vms { get; set; }
}

/// <summary>One guest: <see cref="Id"/> is its uuid when it has one (runs naming the same <c>vm_uuid</c> protect it),
/// else a stable id; runs whose protected object is <see cref="Name"/> protect it too.</summary>
internal sealed class CommandJsonVm
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    /// <summary>running, halted, … as the hypervisor says it.</summary>
    public string? PowerState { get; set; }

    public Dictionary<string, string>? Attributes { get; set; }
}
