namespace BackupHealth.Agent.Probes.HyperVExport;

/// <summary>A virtual hard disk of an export (<c>Virtual Hard Disks/*.vhdx|avhdx|vhd|avhd</c>).</summary>
internal sealed record ExportDisk(string Name, long Size);

/// <summary>One VM's export folder as seen now. <paramref name="RelativePath"/> uses '/' on every OS.</summary>
/// <param name="ConfigFiles">The <c>.vmcx</c> file names in <c>Virtual Machines</c>.</param>
/// <param name="OldestWriteUtc">The earliest last-write time of its files: about when the export began.</param>
/// <param name="NewestWriteUtc">The latest last-write time of its files (or of the folder, when it has none).</param>
/// <param name="TotalBytes">All its files, snapshots and saved state included.</param>
internal sealed record ExportFolder(
    string RelativePath,
    string VmName,
    IReadOnlyList<string> ConfigFiles,
    IReadOnlyList<ExportDisk> Disks,
    DateTime OldestWriteUtc,
    DateTime NewestWriteUtc,
    long TotalBytes)
{
    /// <summary>The VM GUID from the one .vmcx file name (<c>&lt;GUID&gt;.vmcx</c>); null with none, several, or
    /// another name.</summary>
    public string? VmUuid =>
        ConfigFiles.Count == 1 ? HyperVInventory.VmUuid(System.IO.Path.GetFileNameWithoutExtension(ConfigFiles[0])) : null;
}
