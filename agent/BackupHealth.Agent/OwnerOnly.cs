namespace BackupHealth.Agent;

/// <summary>Every file and folder the agent makes for itself — outbox, seen ids, probe state, identity — is its
/// owner's alone from the moment it exists: 0600 files and 0700 folders on Linux, whatever the umask (a umask only
/// takes bits away), not only under the systemd unit's <c>UMask=</c>. A folder that exists keeps its mode (the
/// installer makes the data folder 0750 on purpose).</summary>
internal static class OwnerOnly
{
    public const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode FolderPermissions = FilePermissions | UnixFileMode.UserExecute;

    /// <summary>Creates the folder and any missing parent with <see cref="FolderPermissions"/>.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        // Directory.CreateDirectory gives the mode to the last folder only; missing parents would get the umask's.
        var missing = new Stack<string>();
        for (var folder = Path.GetFullPath(path); !Directory.Exists(folder); folder = Path.GetDirectoryName(folder)!)
        {
            missing.Push(folder);
        }

        while (missing.TryPop(out var folder))
        {
            Directory.CreateDirectory(folder, FolderPermissions);
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

    /// <summary>Writes <c>path.tmp</c>, flushes it to the device and renames it over <paramref name="path"/>, so a
    /// reader sees the old file or the new one, never half of one. A write that fails (a full disk) leaves no
    /// temporary file behind.</summary>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var temporary = path + ".tmp";
        try
        {
            using (var stream = OpenWrite(temporary, FileMode.Create))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    /// <summary>Deletes a file that may not exist; a failure to delete is left for the next start's clean-up.</summary>
    public static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
