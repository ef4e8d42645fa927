namespace BackupHealth.FilesAtRest;

/// <summary>Replaces a file whole or not at all: writes <c>path.tmp</c>, flushes it to the device and renames it over
/// <paramref name="path"/>, so a reader (or the next start after a power cut) sees the old file or the new one, never
/// half of one. A write that fails (a full disk) leaves no temporary file behind.</summary>
internal static class AtomicFile
{
    /// <summary>The suffix of the temporary file; one left by a crash is safe to delete.</summary>
    public const string TemporarySuffix = ".tmp";

    /// <param name="mode">The file's exact mode on Unix, whatever the umask; null keeps what the umask gives (and on
    /// Windows the folder's ACL decides).</param>
    public static void Write(string path, Action<Stream> write, UnixFileMode? mode = OwnerOnly.FilePermissions)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        var temporary = path + TemporarySuffix;
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
            if (mode is { } createMode && !OperatingSystem.IsWindows())
            {
                // Created with the final mode, so a secret is never readable by others, not even for a moment.
                options.UnixCreateMode = createMode;
            }

            using (var stream = new FileStream(temporary, options))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            if (mode is { } exactMode && !OperatingSystem.IsWindows())
            {
                // UnixCreateMode is filtered by the umask, and a temporary file left by a crash keeps its old mode.
                File.SetUnixFileMode(temporary, exactMode);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    /// <inheritdoc cref="Write(string, Action{Stream}, UnixFileMode?)"/>
    public static void Write(string path, byte[] content, UnixFileMode? mode = OwnerOnly.FilePermissions)
    {
        ArgumentNullException.ThrowIfNull(content);
        Write(path, stream => stream.Write(content), mode);
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
