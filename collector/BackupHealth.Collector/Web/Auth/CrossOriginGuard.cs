using Microsoft.AspNetCore.Http;
using BackupHealth.Collector.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>Refuses, with 403 and a problem naming why, a change (anything but GET, HEAD, OPTIONS, TRACE) on the JSON
/// API that the session cookie authenticated and that did not come from this collector's own pages
/// (<see cref="SameOrigin"/>): another site's page cannot make a signed-in browser acknowledge, resolve, silence or
/// delete. The pages' forms have their anti-forgery token; the API is for scripts, which authenticate with an API
/// token and are not affected. Runs after authentication, so it knows which of the two the request used.</summary>
internal sealed class CrossOriginGuard(RequestDelegate next, IOptions<CollectorOptions> options, ILogger<CrossOriginGuard> logger)
{
    private readonly Uri? _publicUrl = Uri.TryCreate(CollectorOptions.ValueIfValid(options)?.PublicUrl?.Trim(), UriKind.Absolute, out var url) ? url : null;

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!UsesSessionToChange(context) || SameOrigin.Problem(context.Request, _publicUrl) is not { } problem)
        {
            return next(context);
        }

        Log.CrossOriginRefused(logger, context.Request.Method, context.Request.Path, UserAccess.Of(context.User)?.Username ?? "", problem);
        return Results.Problem(problem, statusCode: StatusCodes.Status403Forbidden, title: "Cross-origin request refused").ExecuteAsync(context);
    }

    private static bool UsesSessionToChange(HttpContext context)
    {
        var request = context.Request;
        return !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
                || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
            && SessionEvents.IsApi(request)
            && context.User.Identity is { IsAuthenticated: true } identity
            && identity.AuthenticationType != ApiTokenHandler.SchemeName;
    }
}
