using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Probes.HyperVExport;

/// <summary>Export-VM folder trees built in a temp folder, with sizes (sparse) and modification times set relative to
/// the test's fake clock.</summary>
internal sealed class ExportTree(TempDirectory root, Func<DateTimeOffset> now)
{
    public const string VmGuid = "9A3C2F3E-5B1D-4E7F-8A90-1B2C3D4E5F60";

    public string Root => root.Path;

    public string Folder(string relative) => Path.Combine(root.Path, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>A complete export: one .vmcx (+ .vmrs, .vmgs), the given disks, an empty Snapshots folder.</summary>
    public string Export(string relative, TimeSpan age, params (string Name, long Size)[] disks)
    {
        Config(relative, VmGuid, age);
        File(relative, $"Virtual Machines/{VmGuid}.vmrs", 4096, age);
        File(relative, $"Virtual Machines/{VmGuid}.vmgs", 4096, age);
        Directory.CreateDirectory(Path.Combine(Folder(relative), "Snapshots"));
        foreach (var (name, size) in disks)
        {
            Disk(relative, name, size, age);
        }

        return Folder(relative);
    }

    public void Config(string relative, string guid, TimeSpan age) => File(relative, $"Virtual Machines/{guid}.vmcx", 32 * 1024, age);

    public void Disk(string relative, string name, long size, TimeSpan age) => File(relative, $"Virtual Hard Disks/{name}", size, age);

    public void File(string relative, string file, long size, TimeSpan age)
    {
        var path = Path.Combine(Folder(relative), file.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write))
        {
            stream.SetLength(size);
        }

        System.IO.File.SetLastWriteTimeUtc(path, (now() - age).UtcDateTime);
    }

    public void Touch(string relative, string file, TimeSpan age) =>
        System.IO.File.SetLastWriteTimeUtc(Path.Combine(Folder(relative), file.Replace('/', Path.DirectorySeparatorChar)), (now() - age).UtcDateTime);

    public void Delete(string relative, string file) =>
        System.IO.File.Delete(Path.Combine(Folder(relative), file.Replace('/', Path.DirectorySeparatorChar)));
}
