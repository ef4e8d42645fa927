using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace BackupHealth.Collector.Web.Live;

/// <summary><c>GET /events</c>: server-sent events for the live pages. Sends <c>event: change</c> when the
/// <see cref="ChangeFeed"/> moves with a change the user may see (a user limited to some customers hears only of
/// theirs), at most once per <see cref="MinGap"/> (a busy collector must not make every open page re-read all the
/// time), and <c>event: keep-alive</c> every <see cref="KeepAlive"/> so proxies keep the stream open. Written by
/// ASP.NET Core's <see cref="TypedResults.ServerSentEvents{T}(IAsyncEnumerable{SseItem{T}}, string?)"/>; the first
/// event, <c>connected</c>, sets the page's reconnect time. The stream ends at a
/// keep-alive once its user's session would no longer be let in (limits, role or password changed, user disabled or
/// gone): the page's reconnect then meets the sign-in, not a stream with the old limits.</summary>
internal static class EventsEndpoint
{
    public static readonly TimeSpan MinGap = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(25);

    /// <summary>How long a page waits before it opens the stream again after it broke.</summary>
    public static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(5);

    // A page's stream, not an API: signed out, it redirects to the sign-in as every page does (a typed result alone
    // would make it a 401).
    public static void MapLiveEvents(this IEndpointRouteBuilder web) => web.MapGet("/events", Stream).AllowCookieRedirect();

    private static Results<ServerSentEventsResult<string>, StatusCodeHttpResult> Stream(
        HttpContext context, ChangeFeed changes, UserAccounts users, TimeProvider time)
    {
        if (UserAccess.Of(context.User) is not { } access)
        {
            return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
        }

        // A buffering proxy (nginx) would hold the events back.
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var stamp = context.User.FindFirstValue(UserAccess.StampClaim);
        return TypedResults.ServerSentEvents(EventsAsync(access, stamp, changes, users, time, context.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<string>> EventsAsync(UserAccess access, string? stamp, ChangeFeed changes,
        UserAccounts users, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The user's customers as they were when the stream opened (null: every customer).
        var customers = access.CustomerNames?.ToArray();

        // Taken before the first event goes out, so a change from then on is told and none before it.
        var next = changes.NextAsync(cancellationToken);
        var sent = changes.VersionFor(customers);
        yield return new SseItem<string>("", "connected") { ReconnectionInterval = Reconnect };
        Task? keepAlive = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            // A change published while the last event was written or during the gap is caught by the version,
            // not lost because the wait for "the next one" began after it.
            var version = changes.VersionFor(customers);
            if (version == sent)
            {
                keepAlive ??= Task.Delay(KeepAlive, time, cancellationToken);
                var woke = await Task.WhenAny(next, keepAlive);
                if (cancellationToken.IsCancellationRequested)
                {
                    // The page went away.
                    yield break;
                }

                if (woke == keepAlive)
                {
                    keepAlive = null;
                    if (!await IsSameSessionAsync(users, access.UserId, stamp, cancellationToken))
                    {
                        yield break;
                    }

                    yield return new SseItem<string>("", "keep-alive");
                    continue;
                }

                // Something changed, maybe for another customer: wait for the one after it, then look again.
                next = changes.NextAsync(cancellationToken);
                continue;
            }

            sent = version;
            keepAlive = null;
            yield return new SseItem<string>(sent.ToString(CultureInfo.InvariantCulture), "change");
            await Task.Delay(MinGap, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>What <see cref="SessionEvents"/> checks on every request, for a request that lasts.</summary>
    private static async Task<bool> IsSameSessionAsync(UserAccounts users, long userId, string? stamp, CancellationToken cancellationToken) =>
        await users.FindAsync(userId, cancellationToken) is { Disabled: false } user && user.Stamp == stamp;
}
