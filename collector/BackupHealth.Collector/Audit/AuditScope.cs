using BackupHealth.Collector.Web.Auth;

namespace BackupHealth.Collector.Audit;

/// <summary>Which rows a reader may see. Everyone who may read the log sees every row, except a user limited to some
/// customers: they see the rows of their customers, and of the collector-wide rows (no customer: sign-ins, users,
/// API tokens) only their own — acted by their name or by one of their API tokens.</summary>
internal sealed record AuditScope(long UserId, string Username, IReadOnlySet<string>? Customers)
{
    public static AuditScope Of(UserAccess access)
    {
        ArgumentNullException.ThrowIfNull(access);
        return new AuditScope(access.UserId, access.Username, access.CustomerNames);
    }

    /// <summary>Who may read the audit log at all: admins and technicians; viewers may not (it names people, their
    /// addresses and what they did, which a read-only wall screen has no need for).</summary>
    public static bool MayRead(UserAccess? access) => access is { CanWorkAlerts: true };
}
