using Microsoft.AspNetCore.Authorization;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>The authorization policies endpoints and pages name. Every web endpoint needs a signed-in user (the
/// fallback policy); these add the role.</summary>
internal static class Policies
{
    /// <summary>Acknowledge, resolve, silence, maintenance windows, agent tokens for installing agents, reading the audit
    /// log: technicians and admins.</summary>
    public const string WorkAlerts = "work-alerts";

    /// <summary>Expectations, coverage mappings and exclusions, users: admins only.</summary>
    public const string Administer = "administer";

    public static void Add(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        options.AddPolicy(WorkAlerts, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.Technician));
        options.AddPolicy(Administer, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));
    }
}
