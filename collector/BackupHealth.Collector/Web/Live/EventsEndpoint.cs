using System.Globalization;
using System.Security.Claims;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BackupHealth.Collector.Web.Live;

/// <summary><c>GET /events</c>: server-sent events for the live pages. Sends <c>event: change</c> when the
/// <see cref="ChangeFeed"/> moves with a change the user may see (a user limited to some customers hears only of
/// theirs), at most once per <see cref="MinGap"/> (a busy collector must not make every open page re-read all the
/// time), and a comment line every <see cref="KeepAlive"/> so proxies keep the stream open. The stream ends at a
/// keep-alive once its user's session would no longer be let in (limits, role or password changed, user disabled or
/// gone): the page's reconnect then meets the sign-in, not a stream with the old limits.</summary>
internal static class EventsEndpoint
{
    public static readonly TimeSpan MinGap = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(25);

    public static void MapLiveEvents(this IEndpointRouteBuilder web) => web.MapGet("/events", StreamAsync);

    private static async Task StreamAsync(HttpContext context, ChangeFeed changes, UserAccounts users, TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        if (UserAccess.Of(context.User) is not { } access)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        // The user's customers as they were when the stream opened (null: every customer).
        var customers = access.CustomerNames?.ToArray();
        var stamp = context.User.FindFirstValue(UserAccess.StampClaim);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            // Taken before the first line goes out, so a change from then on is told and none before it.
            var next = changes.NextAsync(cancellationToken);
            var sent = changes.VersionFor(customers);
            await context.Response.WriteAsync("retry: 5000\n: connected\n\n", cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
            Task? keepAlive = null;
            while (!cancellationToken.IsCancellationRequested)
            {
                // A change published while the last event was written or during the gap is caught by the version,
                // not lost because the wait for "the next one" began after it.
                var version = changes.VersionFor(customers);
                if (version == sent)
                {
                    keepAlive ??= Task.Delay(KeepAlive, time, cancellationToken);
                    if (await Task.WhenAny(next, keepAlive) == keepAlive)
                    {
                        keepAlive = null;
                        if (!await IsSameSessionAsync(users, access.UserId, stamp, cancellationToken))
                        {
                            return;
                        }

                        await context.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                        await context.Response.Body.FlushAsync(cancellationToken);
                        continue;
                    }

                    // Something changed, maybe for another customer: wait for the one after it, then look again.
                    next = changes.NextAsync(cancellationToken);
                    continue;
                }

                sent = version;
                keepAlive = null;
                await context.Response.WriteAsync(
                    string.Create(CultureInfo.InvariantCulture, $"event: change\ndata: {sent}\n\n"), cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
                await Task.Delay(MinGap, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page went away.
        }
    }

    /// <summary>What <see cref="SessionEvents"/> checks on every request, for a request that lasts.</summary>
    private static async Task<bool> IsSameSessionAsync(UserAccounts users, long userId, string? stamp, CancellationToken cancellationToken) =>
        await users.FindAsync(userId, cancellationToken) is { Disabled: false } user && user.Stamp == stamp;
}
