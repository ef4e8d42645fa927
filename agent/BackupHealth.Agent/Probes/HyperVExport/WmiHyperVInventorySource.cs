using System.Management;
using System.Runtime.Versioning;

namespace BackupHealth.Agent.Probes.HyperVExport;

/// <summary>Reads <c>Msvm_ComputerSystem</c> from <c>root\virtualization\v2</c>: every VM (Name a GUID) and the host
/// itself (Name the computer name, dropped by <see cref="HyperVInventory.From"/>). Caption is localized, so it is not
/// used to tell them apart.</summary>
[SupportedOSPlatform("windows")]
internal sealed class WmiHyperVInventorySource : IHyperVInventorySource
{
    public const string Namespace = @"root\virtualization\v2";

    public IReadOnlyList<HyperVVm> ReadVms(CancellationToken cancellationToken)
    {
        var vms = new List<HyperVVm>();
        try
        {
            using var searcher = new ManagementObjectSearcher(
                new ManagementScope(Namespace),
                new ObjectQuery("SELECT Name, ElementName, EnabledState FROM Msvm_ComputerSystem"));
            using var results = searcher.Get();
            foreach (var found in results)
            {
                using (found)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    vms.Add(new HyperVVm(
                        found["ElementName"] as string ?? "",
                        found["Name"] as string ?? "",
                        found["EnabledState"] is ushort state ? state : null));
                }
            }
        }
        catch (ManagementException ex) when (ex.ErrorCode == ManagementStatus.InvalidNamespace)
        {
            throw new IOException($"the WMI namespace {Namespace} does not exist: is the Hyper-V role installed?", ex);
        }
        catch (ManagementException ex)
        {
            // Keeps the probe free of Windows-only types: it reports IOException as "cannot read".
            throw new IOException($"cannot query {Namespace}: {ex.Message}", ex);
        }
        catch (System.Runtime.InteropServices.COMException ex)
        {
            throw new IOException($"cannot query {Namespace}: {ex.Message}", ex);
        }

        return vms;
    }
}
