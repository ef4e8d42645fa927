using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>Middleware (after authentication) that keeps read-only API tokens to reading: a request authenticated by a
/// <see cref="ApiTokenScopes.Read"/> token may GET or HEAD; any other method answers 403 before any endpoint runs,
/// whatever the user's role — also on endpoints added later.</summary>
internal sealed class TokenScopeGate(RequestDelegate next, ILogger<TokenScopeGate> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (context.User.FindFirst(ApiTokenScopes.Claim)?.Value != ApiTokenScopes.Read || HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            return next(context);
        }

        Log.ApiTokenReadOnly(logger, method, context.Request.Path, context.User.FindFirst(ApiTokenHandler.TokenIdClaim)?.Value ?? "");
        return Results.Problem("this API token is read-only: it may only read (GET)", statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
    }
}
