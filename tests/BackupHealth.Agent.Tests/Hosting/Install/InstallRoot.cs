using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Hosting.Install;

/// <summary>A temporary root for install: the folders a Debian system has before anything is installed
/// (etc/systemd/system, var/lib) and an etc/passwd without the service user.</summary>
internal sealed class InstallRoot : IDisposable
{
    private readonly TempDirectory _directory = new("bh-root");

    public InstallRoot()
    {
        Directory.CreateDirectory(Combine("etc/systemd/system"));
        Directory.CreateDirectory(Combine("var/lib"));
        File.WriteAllText(Combine("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
    }

    public string Path => _directory.Path;

    public string Combine(string path) => System.IO.Path.Join(Path, path);

    /// <summary>Every file, folder and link under the root with its mode (and a link's target), to compare a root
    /// before install and after uninstall.</summary>
    public SortedDictionary<string, string> Snapshot()
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in new DirectoryInfo(Path).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            var name = System.IO.Path.GetRelativePath(Path, entry.FullName);
            entries[name] = entry.LinkTarget ?? (OperatingSystem.IsWindows() ? "" : entry.UnixFileMode.ToString());
        }

        return entries;
    }

    public void Dispose() => _directory.Dispose();
}
