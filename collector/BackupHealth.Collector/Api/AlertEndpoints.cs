using System.Security.Claims;
using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace BackupHealth.Collector.Api;

/// <summary>The alert API under <c>/api/v1</c>: alerts, silences and maintenance windows. See docs/alerts.md.</summary>
internal static class AlertEndpoints
{
    public static void MapAlertApi(this IEndpointRouteBuilder web)
    {
        var api = web.MapGroup("/api/v1");
        api.MapGet("/alerts", GetAlertsAsync).WithMetadata(CustomerScopedMetadata.Instance);
        api.MapGet("/alerts/{id:long}", GetAlertAsync);
        api.MapPost("/alerts/{id:long}/acknowledge", AcknowledgeAsync).RequireAuthorization(Policies.WorkAlerts);
        api.MapPost("/alerts/{id:long}/resolve", ResolveAsync).RequireAuthorization(Policies.WorkAlerts);
        api.MapPost("/alerts/evaluate", EvaluateAsync).RequireAuthorization(Policies.WorkAlerts);
        SilenceEndpoints.Map(api);
        MaintenanceWindowEndpoints.Map(api);
    }

    private static async Task<Results<Ok<IReadOnlyList<AlertDto>>, ProblemHttpResult>> GetAlertsAsync(AlertQueries queries,
        string? state, string? customer, string? site, string? rule, string? severity, int? limit, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var error = state is not null && !AlertFilter.States.Contains(state) ? $"state must be one of {string.Join(", ", AlertFilter.States)}"
            : severity is not null && !SeverityNames.IsKnown(severity) ? $"severity must be {SeverityNames.Warning} or {SeverityNames.Critical}"
            : limit is < 1 or > AlertFilter.MaxLimit ? $"limit must be between 1 and {AlertFilter.MaxLimit}"
            : null;
        if (error is not null)
        {
            return BadRequest(error);
        }

        if (UserAccess.Of(user) is not { } access)
        {
            return TypedResults.Ok<IReadOnlyList<AlertDto>>([]);
        }

        var filter = new AlertFilter(state, RequestText.Clean(customer), RequestText.Clean(site), RequestText.Clean(rule), severity,
            limit ?? AlertFilter.DefaultLimit) { Customers = access.CustomerNames };
        return TypedResults.Ok(await queries.GetAlertsAsync(filter, cancellationToken));
    }

    private static async Task<Results<Ok<AlertDto>, NotFound>> GetAlertAsync(AlertQueries queries, long id, CancellationToken cancellationToken) =>
        await queries.GetAlertAsync(id, cancellationToken) is { } alert ? TypedResults.Ok(alert) : TypedResults.NotFound();

    private static Task<Results<Ok<AlertDto>, NotFound, ProblemHttpResult>> AcknowledgeAsync(AlertCommands commands, AlertQueries queries,
        IAuditLog audit, HttpContext http, long id, AlertActionRequest? request, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ActOnAlertAsync(queries, id, AsUser(request, user), (by, comment) => commands.AcknowledgeAsync(id, by, comment),
            new AlertAudit(audit, http, AuditActions.AlertAcknowledged), cancellationToken);

    private static Task<Results<Ok<AlertDto>, NotFound, ProblemHttpResult>> ResolveAsync(AlertCommands commands, AlertQueries queries,
        IAuditLog audit, HttpContext http, long id, AlertActionRequest? request, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ActOnAlertAsync(queries, id, AsUser(request, user), (by, comment) => commands.ResolveAsync(id, by, comment),
            new AlertAudit(audit, http, AuditActions.AlertResolved), cancellationToken);

    private static async Task<Ok<EvaluationResultDto>> EvaluateAsync(AlertEvaluator evaluator, IAuditLog audit, HttpContext http,
        CancellationToken cancellationToken)
    {
        var r = await evaluator.EvaluateOnceAsync(cancellationToken);
        await audit.RecordAsync(http, AuditActions.AlertsEvaluated, AuditTargets.Collector, detail: $"{r.Opened} opened, {r.Resolved} resolved");
        return TypedResults.Ok(new EvaluationResultDto(r.At.UtcDateTime, r.Findings, r.Opened, r.Resolved, r.Notifications, r.FailedRules));
    }

    private static async Task<Results<Ok<AlertDto>, NotFound, ProblemHttpResult>> ActOnAlertAsync(AlertQueries queries, long id,
        AlertActionRequest? request, Func<string, string, Task<CommandResult>> act, AlertAudit audit, CancellationToken cancellationToken)
    {
        if (!RequestText.TryName("by", request?.By, out var by, out var error)
            || !RequestText.TryComment(request?.Comment, required: false, out var comment, out error))
        {
            return BadRequest(error);
        }

        var result = await act(by, comment);
        if (result.Status == CommandStatus.Done && await queries.GetAlertAsync(id, cancellationToken) is { } done)
        {
            await audit.Log.RecordAsync(audit.Http, audit.Action, AuditTargets.Alert(id), done.Customer, AuditDetails.Comment(comment));
            return TypedResults.Ok(done);
        }

        return result.Status switch
        {
            CommandStatus.Done => TypedResults.NotFound(),
            CommandStatus.NotFound => TypedResults.NotFound(),
            _ => Problem(result),
        };
    }

    private sealed record AlertAudit(IAuditLog Log, HttpContext Http, string Action);

    /// <summary>Who acted is the signed-in user, whatever the body says.</summary>
    private static AlertActionRequest AsUser(AlertActionRequest? request, ClaimsPrincipal user) =>
        (request ?? new AlertActionRequest(null, null)) with { By = user.Identity?.Name };

    internal static ProblemHttpResult BadRequest(string reason) => TypedResults.Problem(reason, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>409 for a state conflict, 400 for a request naming something unknown.</summary>
    internal static ProblemHttpResult Problem(CommandResult result) => TypedResults.Problem(result.Reason,
        statusCode: result.Status == CommandStatus.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest);
}
