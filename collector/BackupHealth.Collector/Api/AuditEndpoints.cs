using System.Security.Claims;
using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace BackupHealth.Collector.Api;

/// <summary><c>GET /api/v1/audit?from=&amp;to=&amp;actor=&amp;action=&amp;customer=&amp;before=&amp;limit=</c>: the audit log,
/// newest first, for admins and technicians (viewers: 403). It filters its answer by the reader's customers itself,
/// so a limited technician may call it. See docs/audit.md.</summary>
internal static class AuditEndpoints
{
    public static void MapAuditApi(this IEndpointRouteBuilder web)
    {
        web.MapGet("/api/v1/audit", ReadAsync).RequireAuthorization(Policies.WorkAlerts).WithMetadata(CustomerScopedMetadata.Instance);
    }

    private static async Task<Results<Ok<AuditPageDto>, ProblemHttpResult>> ReadAsync(IAuditStore queries, DateTimeOffset? from,
        DateTimeOffset? to, string? actor, string? action, string? customer, long? before, int? limit, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > AuditFilter.MaxLimit)
        {
            return TypedResults.Problem($"limit must be between 1 and {AuditFilter.MaxLimit}", statusCode: StatusCodes.Status400BadRequest);
        }

        if (UserAccess.Of(user) is not { } access)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden);
        }

        var filter = new AuditFilter(from, to, AuditFilter.Clean(actor), AuditFilter.Clean(action), AuditFilter.Clean(customer), before, limit ?? AuditFilter.DefaultLimit);
        var (rows, next) = await queries.ReadAsync(filter, AuditScope.Of(access), cancellationToken);
        return TypedResults.Ok(new AuditPageDto(rows.Select(AuditEntryDto.From).ToList(), next));
    }
}
