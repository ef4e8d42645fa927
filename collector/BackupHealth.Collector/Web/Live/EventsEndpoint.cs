using System.Globalization;
using BackupHealth.Collector.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BackupHealth.Collector.Web.Live;

/// <summary><c>GET /events</c>: server-sent events for the live pages. Sends <c>event: change</c> when the
/// <see cref="ChangeFeed"/> moves, at most once per <see cref="MinGap"/> (a busy collector must not make every open
/// page re-read all the time), and a comment line every <see cref="KeepAlive"/> so proxies keep the stream open.</summary>
internal static class EventsEndpoint
{
    public static readonly TimeSpan MinGap = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(25);

    public static void MapLiveEvents(this IEndpointRouteBuilder web) => web.MapGet("/events", StreamAsync);

    private static async Task StreamAsync(HttpContext context, ChangeFeed changes, TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            await context.Response.WriteAsync("retry: 5000\n: connected\n\n", cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
            var sent = changes.Version;
            var next = changes.NextAsync(cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                // A change published while the last event was written or during the gap is caught by the version,
                // not lost because the wait for "the next one" began after it.
                if (changes.Version == sent)
                {
                    var keepAlive = Task.Delay(KeepAlive, time, cancellationToken);
                    if (await Task.WhenAny(next, keepAlive) != next)
                    {
                        await context.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                        await context.Response.Body.FlushAsync(cancellationToken);
                        continue;
                    }
                }

                next = changes.NextAsync(cancellationToken);
                sent = changes.Version;
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
}
