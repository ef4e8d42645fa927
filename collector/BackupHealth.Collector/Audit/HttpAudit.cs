using System.Net;
using System.Security.Claims;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Http;

namespace BackupHealth.Collector.Audit;

/// <summary>Records an action a request made: the actor is the signed-in user (or <c>api-token:&lt;id&gt;</c> when an
/// API token authenticated the request) and the address is the connection's peer. No header is trusted for the
/// address: the collector has no forwarded-headers setting, so behind a reverse proxy it is the proxy's.</summary>
internal static class HttpAudit
{
    public static Task RecordAsync(this IAuditLog log, HttpContext http, string action, string target, string? customer = null, string detail = "")
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(http);
        return log.RecordAsync(new AuditEntry(Actor(http.User), Address(http), action, target, customer, detail));
    }

    public static string Actor(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(ApiTokenHandler.TokenIdClaim) is { } token ? AuditTargets.ApiToken(token)
            : user.Identity?.Name ?? "anonymous";
    }

    public static string? Address(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Connection.RemoteIpAddress is not { } ip ? null
            : (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString();
    }
}
