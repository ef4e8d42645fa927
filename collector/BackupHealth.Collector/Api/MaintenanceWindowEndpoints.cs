using System.Security.Claims;
using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace BackupHealth.Collector.Api;

/// <summary><c>/api/v1/maintenance-windows</c>: list (newest first, each saying whether it is open now), create,
/// delete.</summary>
internal static class MaintenanceWindowEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/maintenance-windows", GetWindowsAsync);
        api.MapPost("/maintenance-windows", CreateAsync).RequireAuthorization(Policies.WorkAlerts);
        api.MapDelete("/maintenance-windows/{id:long}", DeleteAsync).RequireAuthorization(Policies.WorkAlerts);
    }

    private static async Task<Ok<IReadOnlyList<MaintenanceWindowDto>>> GetWindowsAsync(AlertQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.GetWindowsAsync(cancellationToken));

    private static async Task<Results<Created<MaintenanceWindowDto>, ProblemHttpResult>> CreateAsync(AlertCommands commands,
        AlertQueries queries, IAuditLog audit, HttpContext http, TimeProvider time, MaintenanceWindowRequest? request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var empty = new MaintenanceWindowRequest(null, null, null, null, null, null, null, null, null, null);
        if (NewMaintenanceWindow.From((request ?? empty) with { By = user.Identity?.Name }, time.GetUtcNow(), out var error) is not { } window)
        {
            return AlertEndpoints.BadRequest(error);
        }

        var result = await commands.CreateWindowAsync(window);
        if (result.Status != CommandStatus.Done)
        {
            return AlertEndpoints.Problem(result);
        }

        await audit.RecordAsync(http, AuditActions.MaintenanceWindowCreated, AuditTargets.MaintenanceWindow(result.Id), window.Customer,
            AuditDetails.Window(window));
        return TypedResults.Created($"/api/v1/maintenance-windows/{result.Id}", (await queries.GetWindowAsync(result.Id, cancellationToken))!);
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(AlertCommands commands, AlertQueries queries, IAuditLog audit,
        HttpContext http, long id, CancellationToken cancellationToken)
    {
        var window = await queries.GetWindowAsync(id, cancellationToken);
        if (window is null || (await commands.DeleteWindowAsync(id)).Status != CommandStatus.Done)
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(http, AuditActions.MaintenanceWindowDeleted, AuditTargets.MaintenanceWindow(id), window.Customer, $"site {window.Site}");
        return TypedResults.NoContent();
    }
}
