using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>Cookie session behaviour: every request checks that the user still exists, is enabled and has the
/// stamp the session was issued with (a changed password, role or limit ends the session at once); the JSON API
/// answers 401/403 instead of redirecting to the sign-in page.</summary>
internal sealed class SessionEvents(UserAccounts users) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var access = context.Principal is null ? null : UserAccess.Of(context.Principal);
        var user = access is null ? null : await users.FindAsync(access.UserId, context.HttpContext.RequestAborted);
        if (user is null || user.Disabled || user.Stamp != context.Principal!.FindFirst(UserAccess.StampClaim)?.Value)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IsApi(context.Request) ? Status(context, StatusCodes.Status401Unauthorized) : base.RedirectToLogin(context);
    }

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IsApi(context.Request) ? Status(context, StatusCodes.Status403Forbidden) : base.RedirectToAccessDenied(context);
    }

    internal static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    private static Task Status(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
