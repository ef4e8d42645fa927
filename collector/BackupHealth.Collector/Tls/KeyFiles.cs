using System.Text;

namespace BackupHealth.Collector.Tls;

/// <summary>Writes the collector's own certificate and key files: whole or not at all (a temporary file renamed over
/// the old one), private keys readable by the collector's user only (mode 0600 on Unix; on Windows the data folder's
/// ACL, which <c>install</c> limits to the service account and administrators).</summary>
internal static class KeyFiles
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Public = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static void WritePrivate(string path, string pem) => Write(path, pem, Private);

    public static void WritePublic(string path, string pem) => Write(path, pem, Public);

    /// <summary>A folder only the collector's user can enter (0700 on Unix).</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void Write(string path, string text, UnixFileMode mode)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.ASCII.GetBytes(text));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
