using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;
using BackupHealth.ServiceInstall;
using BackupHealth.FilesAtRest;

namespace BackupHealth.Agent.Enrolment;

/// <summary>Writes a file only the service may read — the agent's private key — beside its target and renames it into
/// place. It is readable by no one else from the moment it exists: mode 0600 at creation on Linux, an ACL of SYSTEM
/// and Administrators only (no inherited entries) at creation on Windows.</summary>
internal static class SecretFile
{
    public const UnixFileMode Mode = OwnerOnly.FilePermissions;

    public static void WriteAtomically(string path, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!OperatingSystem.IsWindows())
        {
            AtomicFile.Write(path, content, Mode);
            return;
        }

        var temporary = path + ".new";
        using (var file = new FileInfo(temporary).Create(
            FileMode.Create, FileSystemRights.Write | FileSystemRights.Read, FileShare.None, 4096, FileOptions.None, SystemAndAdministratorsOnly()))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    [SupportedOSPlatform("windows")]
    private static FileSecurity SystemAndAdministratorsOnly()
    {
        var security = new FileSecurity();
        security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
        foreach (var sid in new[] { WellKnownSidType.LocalSystemSid, WellKnownSidType.BuiltinAdministratorsSid })
        {
            security.AddAccessRule(new FileSystemAccessRule(new SecurityIdentifier(sid, domainSid: null), FileSystemRights.FullControl, AccessControlType.Allow));
        }

        return security;
    }
}
