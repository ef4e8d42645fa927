using System.Text;
using BackupHealth.Collector.Hosting;

namespace BackupHealth.Collector.Tls;

/// <summary>Writes the collector's own certificate and key files: whole or not at all (a temporary file renamed over
/// the old one), readable by the collector's user only (<see cref="OwnerOnly"/>: 0600 on Unix; on Windows the data
/// folder's ACL, which <c>install</c> limits to the service account and administrators). Certificates are public,
/// but nobody else needs to read them here: agents get the CA's pin in their enrolment token.</summary>
internal static class KeyFiles
{
    /// <summary>A folder only the collector's user can enter (0700 on Unix).</summary>
    public static void CreateFolder(string path) => OwnerOnly.CreateFolder(path);

    public static void Write(string path, string text)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, OwnerOnly.NewFile()))
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
