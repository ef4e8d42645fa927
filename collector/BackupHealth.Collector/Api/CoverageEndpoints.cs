using System.Security.Claims;
using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Coverage;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace BackupHealth.Collector.Api;

/// <summary>The coverage API under <c>/api/v1/coverage</c>: which VMs are protected, by what and when; the mappings
/// and exclusions people make. See docs/coverage.md.</summary>
internal static class CoverageEndpoints
{
    public static void MapCoverageApi(this IEndpointRouteBuilder web)
    {
        var coverage = web.MapGroup("/api/v1/coverage");
        coverage.MapGet("", GetCoverageAsync);
        coverage.MapGet("/mappings", GetMappingsAsync);
        coverage.MapPut("/mappings", PutMappingAsync).RequireAuthorization(Policies.Administer);
        coverage.MapDelete("/mappings", DeleteMappingAsync).RequireAuthorization(Policies.Administer);
        coverage.MapGet("/exclusions", GetExclusionsAsync);
        coverage.MapPut("/exclusions", PutExclusionAsync).RequireAuthorization(Policies.Administer);
        coverage.MapDelete("/exclusions", DeleteExclusionAsync).RequireAuthorization(Policies.Administer);
    }

    private static async Task<Results<Ok<IReadOnlyList<CoverageVmDto>>, ProblemHttpResult>> GetCoverageAsync(CoverageQueries queries,
        string? customer, string? site, string? state, CancellationToken cancellationToken)
    {
        var wanted = RequestText.Clean(state);
        if (wanted is not null && !CoverageStateNames.All.Contains(wanted))
        {
            return AlertEndpoints.BadRequest($"state must be one of {string.Join(", ", CoverageStateNames.All)}");
        }

        return TypedResults.Ok(await queries.GetCoverageAsync(RequestText.Clean(customer), RequestText.Clean(site), wanted, cancellationToken));
    }

    private static async Task<Ok<IReadOnlyList<CoverageMappingDto>>> GetMappingsAsync(CoverageQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.GetMappingsAsync(cancellationToken));

    private static async Task<Ok<IReadOnlyList<CoverageExclusionDto>>> GetExclusionsAsync(CoverageQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.GetExclusionsAsync(cancellationToken));

    private static async Task<Results<Ok<CoverageMappingDto>, ProblemHttpResult>> PutMappingAsync(CoverageCommands commands, IAuditLog audit,
        HttpContext http, CoverageMappingRequest? request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (CoverageKey.From(request?.Customer, request?.Site, request?.ItemId, out var error) is not { } key
            || !TryJobId(request?.JobId, out var jobId, out error)
            || !RequestText.TryName("by", user.Identity?.Name, out var by, out error))
        {
            return AlertEndpoints.BadRequest(error);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var (result, mapping) = await commands.SetMappingAsync(key, jobId, by);
        await audit.RecordAsync(http, result, AuditActions.CoverageMapped, key, CoverageAudit.Job(jobId));
        return mapping is not null ? TypedResults.Ok(mapping) : AlertEndpoints.Problem(result);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteMappingAsync(CoverageCommands commands, IAuditLog audit,
        HttpContext http, string? customer, string? site, string? itemId, long? jobId)
    {
        if (CoverageKey.From(customer, site, itemId, out var error) is not { } key || !TryJobId(jobId, out var job, out error))
        {
            return AlertEndpoints.BadRequest(error);
        }

        return Outcome(await audit.RecordAsync(http, await commands.RemoveMappingAsync(key, job), AuditActions.CoverageUnmapped, key, CoverageAudit.Job(job)));
    }

    private static async Task<Results<Ok<CoverageExclusionDto>, ProblemHttpResult>> PutExclusionAsync(CoverageCommands commands, IAuditLog audit,
        HttpContext http, CoverageExclusionRequest? request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (CoverageKey.From(request?.Customer, request?.Site, request?.ItemId, out var error) is not { } key
            || !TryReason(request?.Reason, out var reason, out error)
            || !RequestText.TryName("by", user.Identity?.Name, out var by, out error))
        {
            return AlertEndpoints.BadRequest(error);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var (result, exclusion) = await commands.SetExclusionAsync(key, reason, by);
        await audit.RecordAsync(http, result, AuditActions.CoverageExcluded, key, reason);
        return exclusion is not null ? TypedResults.Ok(exclusion) : AlertEndpoints.Problem(result);
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteExclusionAsync(CoverageCommands commands, IAuditLog audit,
        HttpContext http, string? customer, string? site, string? itemId) =>
        CoverageKey.From(customer, site, itemId, out var error) is not { } key
            ? AlertEndpoints.BadRequest(error)
            : Outcome(await audit.RecordAsync(http, await commands.RemoveExclusionAsync(key), AuditActions.CoverageIncluded, key));

    private static Results<NoContent, NotFound, ProblemHttpResult> Outcome(CommandResult result) => result.Status switch
    {
        CommandStatus.Done => TypedResults.NoContent(),
        CommandStatus.NotFound => TypedResults.NotFound(),
        _ => AlertEndpoints.Problem(result),
    };

    private static bool TryJobId(long? value, out long jobId, out string error)
    {
        jobId = value ?? 0;
        error = value is null ? "jobId is required" : jobId < 1 ? "jobId must be a job id (a positive number)" : "";
        return error.Length == 0;
    }

    /// <summary>The reason is required: an exclusion without one is a VM nobody will remember why it is not backed up.</summary>
    private static bool TryReason(string? value, out string reason, out string error)
    {
        reason = RequestText.Clean(value) ?? "";
        error = reason.Length == 0 ? "reason is required"
            : reason.Length > RequestText.MaxCommentLength ? $"reason must be at most {RequestText.MaxCommentLength} characters"
            : "";
        return error.Length == 0;
    }
}
