namespace BackupHealth.FilesAtRest;

/// <summary>Files and folders only the service's own user may open: folders 0700 and files 0600 on Unix, set
/// explicitly so that neither the umask nor a service manager's <c>UMask=</c> decides (a umask only takes bits away,
/// and a chmod after creation fixes even that). A folder that already exists keeps its mode: an installer or an
/// administrator chose it (the units make the data folders 0750). On Windows the data folder's ACL does this
/// (<c>install</c> limits it to the service account and administrators). The agent and the collector both use it.</summary>
internal static class OwnerOnly
{
    public const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode FolderPermissions = FilePermissions | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> and any missing folder above it, each with
    /// <see cref="FolderPermissions"/> (<see cref="Directory.CreateDirectory(string, UnixFileMode)"/> gives the mode to
    /// the last folder only; missing parents would get the umask's).</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        var missing = new Stack<string>();
        for (var folder = Path.GetFullPath(path); !Directory.Exists(folder); folder = Path.GetDirectoryName(folder)!)
        {
            missing.Push(folder);
        }

        while (missing.TryPop(out var folder))
        {
            Directory.CreateDirectory(folder, FolderPermissions);
            File.SetUnixFileMode(folder, FolderPermissions);
        }
    }

    /// <summary>Opens a file for writing that, if this call creates it, has <see cref="FilePermissions"/>.</summary>
    /// <param name="mode">One that may create the file: Create, CreateNew, OpenOrCreate or Append.</param>
    public static FileStream OpenWrite(string path, FileMode mode, FileShare share = FileShare.None, FileOptions options = FileOptions.None)
    {
        var stream = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = share, Options = options };
        if (!OperatingSystem.IsWindows())
        {
            stream.UnixCreateMode = FilePermissions;
        }

        return new FileStream(path, stream);
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
        if (mode == FilePermissions)
        {
            return null;
        }

        File.SetUnixFileMode(path, FilePermissions);
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
                using var _ = OpenWrite(path, FileMode.CreateNew);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Made by someone else meanwhile: restricted below like any existing file.
            }
        }

        return Restrict(path);
    }
}
