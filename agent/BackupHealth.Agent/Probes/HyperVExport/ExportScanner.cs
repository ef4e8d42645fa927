using System.Security;

namespace BackupHealth.Agent.Probes.HyperVExport;

/// <summary>Finds the VM folders <c>Depth</c> levels below the root and lists what <c>Export-VM</c> writes in each:
/// <c>Virtual Machines/&lt;GUID&gt;.vmcx</c> (+ .vmrs/.vmgs), <c>Virtual Hard Disks/*.vhdx</c>, <c>Snapshots/</c>.
/// Only names, sizes and times are read, never contents. Folder names are matched case-insensitively: exports are
/// often copied to shares whose case differs.</summary>
internal static class ExportScanner
{
    public const string ConfigFolder = "Virtual Machines";
    public const string DiskFolder = "Virtual Hard Disks";

    private static readonly string[] DiskExtensions = [".vhdx", ".avhdx", ".vhd", ".avhd"];

    private static readonly EnumerationOptions TopLevel = new() { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = 0 };
    private static readonly EnumerationOptions Everything = new() { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = 0 };

    /// <exception cref="IOException">A folder vanished or cannot be read while listing.</exception>
    /// <exception cref="UnauthorizedAccessException">The account may not list a folder.</exception>
    /// <exception cref="SecurityException"/>
    public static List<ExportFolder> Scan(DirectoryInfo root, int depth, CancellationToken cancellationToken)
    {
        var folders = new List<DirectoryInfo> { root };
        for (var level = 0; level < depth; level++)
        {
            folders = folders.SelectMany(f => f.EnumerateDirectories("*", TopLevel)).ToList();
        }

        var exports = new List<ExportFolder>(folders.Count);
        foreach (var folder in folders.OrderBy(f => f.FullName, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            exports.Add(Read(root, folder));
        }

        return exports;
    }

    private static ExportFolder Read(DirectoryInfo root, DirectoryInfo folder)
    {
        var subfolders = folder.EnumerateDirectories("*", TopLevel).ToList();
        var configs = Child(subfolders, ConfigFolder)?.EnumerateFiles("*", TopLevel)
            .Where(f => f.Extension.Equals(".vmcx", StringComparison.OrdinalIgnoreCase))
            .Select(f => f.Name)
            .Order(StringComparer.Ordinal)
            .ToList() ?? [];
        var disks = Child(subfolders, DiskFolder)?.EnumerateFiles("*", TopLevel)
            .Where(f => DiskExtensions.Contains(f.Extension, StringComparer.OrdinalIgnoreCase))
            .Select(f => new ExportDisk(f.Name, f.Length))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToList() ?? [];
        var files = folder.EnumerateFiles("*", Everything).ToList();
        var newest = files.Count == 0 ? folder.LastWriteTimeUtc : files.Max(f => f.LastWriteTimeUtc);
        var oldest = files.Count == 0 ? folder.LastWriteTimeUtc : files.Min(f => f.LastWriteTimeUtc);
        return new ExportFolder(
            Path.GetRelativePath(root.FullName, folder.FullName).Replace('\\', '/'),
            folder.Name,
            configs,
            disks,
            oldest,
            newest,
            files.Sum(f => f.Length));
    }

    private static DirectoryInfo? Child(List<DirectoryInfo> subfolders, string name) =>
        subfolders.FirstOrDefault(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
