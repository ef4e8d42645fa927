namespace BackupHealth.Agent.Probes.HyperVExport;

/// <summary>The VMs of this Hyper-V host: WMI in production, records built by a test elsewhere, so the mapping is
/// tested on every OS.</summary>
internal interface IHyperVInventorySource
{
    /// <returns>The host's virtual machines (not the host itself).</returns>
    /// <exception cref="IOException">The Hyper-V namespace is missing or cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The account may not read it.</exception>
    IReadOnlyList<HyperVVm> ReadVms(CancellationToken cancellationToken);
}
