using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace BackupHealth.Collector.Api;

/// <summary><c>GET /api/v1/notifications?state=pending|sent|failed&amp;limit=100</c> (newest first) and
/// <c>POST /api/v1/notifications/{id}/retry</c> (a failed notification back to pending with fresh attempts).</summary>
internal static class NotificationEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static void MapNotificationApi(this IEndpointRouteBuilder web)
    {
        var api = web.MapGroup("/api/v1/notifications");
        api.MapGet("", ListAsync);
        api.MapPost("/{id:long}/retry", RetryAsync).RequireAuthorization(Web.Auth.Policies.WorkAlerts);
    }

    private static async Task<Results<Ok<IReadOnlyList<NotificationDto>>, ProblemHttpResult>> ListAsync(
        INotificationQueue store, string? state, int? limit, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(state) && !NotificationStates.All.Contains(state))
        {
            return TypedResults.Problem($"state must be one of {string.Join(", ", NotificationStates.All)}", statusCode: StatusCodes.Status400BadRequest);
        }

        if (limit is < 1 or > MaxLimit)
        {
            return TypedResults.Problem($"limit must be between 1 and {MaxLimit}", statusCode: StatusCodes.Status400BadRequest);
        }

        var rows = await store.ListAsync(string.IsNullOrEmpty(state) ? null : state, limit ?? DefaultLimit, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<NotificationDto>>(rows.Select(r => new NotificationDto(
            r.Id, r.Channel, r.Site, r.Customer, r.CreatedAt, r.State, r.Attempts, r.NextAttemptAt, r.LastError, r.SentAt, r.Summary)).ToList());
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RetryAsync(
        INotificationQueue store, NotificationSignal signal, TimeProvider time, long id)
    {
        switch (await store.RequeueAsync(id, time.GetUtcNow()))
        {
            case RequeueResult.Requeued:
                signal.Set();
                return TypedResults.NoContent();
            case RequeueResult.NotFound:
                return TypedResults.NotFound();
            default:
                return TypedResults.Problem("only a failed notification can be retried", statusCode: StatusCodes.Status409Conflict);
        }
    }
}
