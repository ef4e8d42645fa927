namespace BackupHealth.Agent.Probes.HyperVExport;

/// <summary>One virtual machine as Hyper-V's WMI provider describes it (<c>Msvm_ComputerSystem</c> in
/// <c>root\virtualization\v2</c>).</summary>
/// <param name="Name">The VM's display name (<c>ElementName</c>).</param>
/// <param name="Id">The VM's GUID (<c>Name</c>), as Hyper-V prints it.</param>
/// <param name="EnabledState">The CIM <c>EnabledState</c>; null when the provider gave none.</param>
internal sealed record HyperVVm(string Name, string Id, int? EnabledState);
