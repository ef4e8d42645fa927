namespace BackupHealth.Agent.Probes.HyperVExport;

/// <summary>The VMs of this Hyper-V host: PowerShell's CIM cmdlets in production, records built by a test elsewhere,
/// so the mapping is tested on every OS.</summary>
internal interface IHyperVInventorySource
{
    /// <returns>Every <c>Msvm_ComputerSystem</c>: the host's virtual machines and the host itself (which
    /// <see cref="HyperVInventory.From"/> leaves out).</returns>
    /// <exception cref="IOException">The Hyper-V namespace is missing or cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The account may not read it.</exception>
    Task<IReadOnlyList<HyperVVm>> ReadVmsAsync(CancellationToken cancellationToken);
}
