using System.Globalization;

namespace BackupHealth.Agent.Probes.Xva;

/// <summary>How a failure reason names a disk, so a person knows which disk of which VM without opening the archive:
/// <c>db01 disk 0 'db01 system', Ref:3</c> — the VM, the disk's position in it (its VBD's userdevice; without one in
/// ova.xml, its order among the archive's disks), the VDI's name when it has one, and the archive's <c>Ref:n</c>.</summary>
internal static class XvaDiskLabel
{
    /// <param name="streamedBefore">How many disks the archive streamed before this one.</param>
    public static string Of(string vmName, OvaVdi vdi, int streamedBefore)
    {
        var position = vdi.UserDevice ?? streamedBefore.ToString(CultureInfo.InvariantCulture);
        var vm = vmName.Length > 0 ? vmName + " " : "";
        var name = vdi.Name.Length > 0 ? $" '{vdi.Name}'" : "";
        return $"{vm}disk {position}{name}, {vdi.Id}";
    }
}
