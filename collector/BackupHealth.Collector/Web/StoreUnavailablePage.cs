using BackupHealth.Collector.Store;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Web;

/// <summary>A web request whose write the database refused — the disk is full, the file cannot be written, it is
/// locked too long — gets 503 with a page that says so (plain text for the API), not a 500: signing in, working alerts
/// and every change wait until the store takes writes again, and the operator's log gets one line without a stack
/// trace. Pages that only read keep working.</summary>
internal sealed class StoreUnavailablePage(RequestDelegate next, IStoreErrors errors, ILogger<StoreUnavailablePage> logger)
{
    public const string Message = "The collector cannot write to its database right now (the disk may be full). Signing in and "
        + "changes are refused until it can; nothing was changed. Try again in a minute, or tell the collector's administrator.";

    private const int RetryAfterSeconds = 60;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (Reason(ex) is { } reason && !context.Response.HasStarted)
        {
            Log.WebStoreUnavailable(logger, context.Request.Method, context.Request.Path, reason);
            await WriteAsync(context.Response, context.Request.Path.StartsWithSegments("/api"));
        }
    }

    private string? Reason(Exception exception) => exception switch
    {
        StoreUnavailableException { InnerException: { } inner } => inner.Message,
        StoreUnavailableException store => store.Message,
        _ => errors.WhyUnavailable(exception),
    };

    private static Task WriteAsync(HttpResponse response, bool api)
    {
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (api)
        {
            response.ContentType = "text/plain; charset=utf-8";
            return response.WriteAsync(Message);
        }

        return NoticePage.WriteAsync(response, "Cannot write", Message, "/", "Back", CancellationToken.None);
    }
}
