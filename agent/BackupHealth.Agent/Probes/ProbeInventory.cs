using BackupHealth.Contracts.V1;

namespace BackupHealth.Agent.Probes;

/// <summary>The virtual machines a hypervisor probe saw on its host, so the collector can tell which of them no backup
/// covers.</summary>
/// <param name="Hypervisor">e.g. "xenserver", "proxmox", "hyperv".</param>
/// <param name="Items">Guests only: no templates, snapshots or control domain.</param>
internal sealed record ProbeInventory(string Hypervisor, IReadOnlyList<InventoryItem> Items);
