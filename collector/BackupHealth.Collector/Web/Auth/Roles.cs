namespace BackupHealth.Collector.Web.Auth;

/// <summary>What a person may do. Admin: everything. Technician: work alerts (acknowledge, resolve, silence,
/// maintenance windows). Viewer: read only.</summary>
internal static class Roles
{
    public const string Admin = "admin";
    public const string Technician = "technician";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Technician, Viewer];

    public static bool IsKnown(string? role) => role is Admin or Technician or Viewer;
}
