using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>A change to a user (password, role, limits) gives it a new stamp, which ends every session of that user.
/// When people change themselves, the session that made the change is issued again with the new stamp, so they
/// carry on while every other session of theirs ends.</summary>
internal static class SessionRenewal
{
    /// <summary>Re-issues the cookie of the signed-in user when <paramref name="changedUserId"/> is them; signs them
    /// out when they can no longer sign in (disabled). Returns the user's access as it is now, or null when signed out.</summary>
    public static async Task<UserAccess?> RenewIfSelfAsync(HttpContext context, UserAccounts users, long changedUserId)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(users);
        var access = UserAccess.Of(context.User);
        // Only a browser session is re-issued: a script's API token carries no stamp and needs nothing.
        if (access is null || access.UserId != changedUserId
            || context.User.Identity?.AuthenticationType != CookieAuthenticationDefaults.AuthenticationScheme)
        {
            return access;
        }

        var user = await users.FindAsync(changedUserId, context.RequestAborted);
        if (user is null || user.Disabled)
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return null;
        }

        var principal = UserAccess.Principal(user, CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal,
            new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
        return UserAccess.Of(principal);
    }
}
