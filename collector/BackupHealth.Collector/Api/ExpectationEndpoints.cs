using System.Security.Claims;
using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace BackupHealth.Collector.Api;

/// <summary><c>/api/v1/jobs/{id}/expectation</c>: see a job's expectation and where it came from, set one, or remove
/// it to go back to learning.</summary>
internal static class ExpectationEndpoints
{
    public static void MapExpectationApi(this IEndpointRouteBuilder web)
    {
        var expectation = web.MapGroup("/api/v1/jobs/{id:long}/expectation");
        expectation.MapGet("", GetAsync);
        expectation.MapPut("", PutAsync).RequireAuthorization(Policies.Administer);
        expectation.MapDelete("", DeleteAsync).RequireAuthorization(Policies.Administer);
    }

    private static async Task<Results<Ok<ExpectationDto>, NotFound>> GetAsync(
        long id, IExpectationStore store, IExpectationResolver resolver, TimeProvider time, CancellationToken cancellationToken) =>
        await CurrentAsync(id, store, resolver, time, cancellationToken) is { } dto ? TypedResults.Ok(dto) : TypedResults.NotFound();

    private static async Task<Results<Ok<ExpectationDto>, NotFound, ProblemHttpResult>> PutAsync(
        long id, ExpectationRequest? request, IExpectationStore store, IExpectationResolver resolver, TimeProvider time,
        IAuditLog audit, HttpContext http, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var asUser = (request ?? new ExpectationRequest(null, null, null, null)) with { By = user.Identity?.Name };
        if (!ExpectationRequestValidator.TryValidate(asUser, out var setting, out var by, out var error))
        {
            return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest);
        }

        if (!await store.SetAsync(id, setting, by, time.GetUtcNow(), cancellationToken))
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(http, AuditActions.ExpectationSet, AuditTargets.Job(id), detail: AuditDetails.Expectation(asUser.Interval, asUser.Schedule, asUser.Grace));

        return await CurrentAsync(id, store, resolver, time, cancellationToken) is { } dto ? TypedResults.Ok(dto) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<ExpectationDto>, NotFound>> DeleteAsync(
        long id, IExpectationStore store, IExpectationResolver resolver, TimeProvider time, IAuditLog audit, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (!await store.ClearAsync(id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(http, AuditActions.ExpectationCleared, AuditTargets.Job(id));

        return await CurrentAsync(id, store, resolver, time, cancellationToken) is { } dto ? TypedResults.Ok(dto) : TypedResults.NotFound();
    }

    private static async Task<ExpectationDto?> CurrentAsync(
        long id, IExpectationStore store, IExpectationResolver resolver, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await store.LoadAsync(id, cancellationToken) is not { } stored)
        {
            return null;
        }

        var expectation = resolver.Resolve(stored.Setting, stored.Runs, stored.Stated);
        var lastSuccess = CompletedRuns.Last(stored.Runs);
        var deadline = expectation.Deadline(lastSuccess, stored.FirstSeen);
        var set = expectation.Source == ExpectationSource.Set;
        return new ExpectationDto(
            id, expectation.Interval, expectation.Schedule?.Text, expectation.Grace, Expectation.SourceName(expectation.Source),
            expectation.Days?.Days.OrderBy(d => ((int)d + 6) % 7).Select(d => d.ToString()[..3].ToLowerInvariant()).ToList(), expectation.Describe(),
            lastSuccess?.UtcDateTime, deadline?.UtcDateTime, deadline is { } d && time.GetUtcNow() > d,
            set ? stored.UpdatedAt?.UtcDateTime : null, set ? stored.UpdatedBy : null);
    }
}
