using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;

namespace BackupHealth.ServiceInstall;

/// <summary>%ProgramData% is readable by every user; the service's folder holds its token, so it is cut off from
/// inherited permissions and opened to SYSTEM (the service) and Administrators only.</summary>
[SupportedOSPlatform("windows")]
internal static class WindowsFolderAccess
{
    public static void RestrictToSystemAndAdministrators(string folder)
    {
        var security = new DirectorySecurity();
        security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
        foreach (var sid in new[] { WellKnownSidType.LocalSystemSid, WellKnownSidType.BuiltinAdministratorsSid })
        {
            security.AddAccessRule(new FileSystemAccessRule(
                new SecurityIdentifier(sid, domainSid: null),
                FileSystemRights.FullControl,
                InheritanceFlags.ContainerInherit | InheritanceFlags.ObjectInherit,
                PropagationFlags.None,
                AccessControlType.Allow));
        }

        new DirectoryInfo(folder).SetAccessControl(security);
    }
}
