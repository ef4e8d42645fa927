using System.Security.Claims;
using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace BackupHealth.Collector.Api;

/// <summary><c>/api/v1/silences</c>: list (newest first, each with its state pending / active / expired), create,
/// expire.</summary>
internal static class SilenceEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/silences", GetSilencesAsync);
        api.MapPost("/silences", CreateAsync).RequireAuthorization(Policies.WorkAlerts);
        api.MapPost("/silences/{id:long}/expire", ExpireAsync).RequireAuthorization(Policies.WorkAlerts);
    }

    private static async Task<Ok<IReadOnlyList<SilenceDto>>> GetSilencesAsync(AlertQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.GetSilencesAsync(cancellationToken));

    private static async Task<Results<Created<SilenceDto>, ProblemHttpResult>> CreateAsync(AlertCommands commands, AlertQueries queries,
        IAuditLog audit, HttpContext http, TimeProvider time, SilenceRequest? request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var asUser = (request ?? new SilenceRequest(null, null, null, null, null, null, null, null, null)) with { By = user.Identity?.Name };
        if (NewSilence.From(asUser, time.GetUtcNow(), out var error) is not { } silence)
        {
            return AlertEndpoints.BadRequest(error);
        }

        var result = await commands.CreateSilenceAsync(silence);
        await audit.RecordAsync(http, AuditActions.SilenceCreated, AuditTargets.Silence(result.Id), silence.Customer, AuditDetails.Silence(silence));
        return TypedResults.Created($"/api/v1/silences/{result.Id}", (await queries.GetSilenceAsync(result.Id, cancellationToken))!);
    }

    private static async Task<Results<Ok<SilenceDto>, NotFound>> ExpireAsync(AlertCommands commands, AlertQueries queries, IAuditLog audit,
        HttpContext http, long id, CancellationToken cancellationToken)
    {
        if ((await commands.ExpireSilenceAsync(id)).Status != CommandStatus.Done || await queries.GetSilenceAsync(id, cancellationToken) is not { } silence)
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(http, AuditActions.SilenceExpired, AuditTargets.Silence(id), silence.Customer);
        return TypedResults.Ok(silence);
    }
}
