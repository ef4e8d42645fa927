using System.Globalization;

namespace BackupHealth.ServiceInstall;

/// <summary>Reads <c>etc/passwd</c> under the install root: whether the service user exists there and its ids, so
/// that ownership is set by number and is right for the root being installed into, not for the machine running
/// install.</summary>
internal static class PasswdFile
{
    /// <summary>The user's (uid, gid), or null when the file or the user is not there.</summary>
    public static (int Uid, int Gid)? Find(ServiceLayout layout, string user)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var path = layout.OnDisk("/etc/passwd");
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            // name:password:uid:gid:comment:home:shell
            var fields = line.Split(':');
            if (fields.Length >= 4 && fields[0] == user
                && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                && int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
            {
                return (uid, gid);
            }
        }

        return null;
    }
}
