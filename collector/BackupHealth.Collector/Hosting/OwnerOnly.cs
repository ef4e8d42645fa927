namespace BackupHealth.Collector.Hosting;

/// <summary>Folders and files in the data path that only the collector's user may open: folders 0700, files 0600 on
/// Unix, set explicitly so that neither the umask nor a service manager's setting decides (a file made with a mode
/// under a umask can only lose bits, and a chmod after creation fixes even that). A folder that already exists is
/// left as it is — an installer or an administrator chose its mode (the unit makes the data folder 0750) — but
/// every file and folder the collector makes inside it is owner-only. On Windows the data folder's ACL does this
/// (<c>install</c> limits it to the service account and administrators).</summary>
internal static class OwnerOnly
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode FolderMode = FileMode | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> and any missing folder above it, each 0700.</summary>
    public static void CreateFolder(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return;
        }

        if (Path.GetDirectoryName(full) is { } parent)
        {
            CreateFolder(parent);
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(full);
            return;
        }

        Directory.CreateDirectory(full, FolderMode);
        File.SetUnixFileMode(full, FolderMode);
    }

    /// <summary>Options for a new file that is 0600 from the moment it exists.</summary>
    public static FileStreamOptions NewFile()
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }

    /// <summary>Makes an existing file 0600 (a no-op when it is, when it does not exist, and on Windows).</summary>
    /// <returns>The mode it had when that was wider, so the caller can say it changed it; else null.</returns>
    public static UnixFileMode? Restrict(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return null;
        }

        var mode = File.GetUnixFileMode(path);
        if (mode == FileMode)
        {
            return null;
        }

        File.SetUnixFileMode(path, FileMode);
        return mode;
    }

    /// <summary>Creates <paramref name="path"/> empty and 0600 unless it exists, then makes sure it is 0600.</summary>
    /// <returns>As <see cref="Restrict"/>.</returns>
    public static UnixFileMode? Ensure(string path)
    {
        if (!File.Exists(path))
        {
            try
            {
                using var _ = new FileStream(path, NewFile());
            }
            catch (IOException) when (File.Exists(path))
            {
                // Made by someone else meanwhile: restricted below like any existing file.
            }
        }

        return Restrict(path);
    }
}
