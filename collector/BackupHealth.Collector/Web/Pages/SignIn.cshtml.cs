using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Limits;
using BackupHealth.Collector.Telemetry;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Web.Pages;

/// <summary>The one page reachable signed out. A wrong name and a wrong password get the same answer; repeated
/// failures lock the user out for a while (<c>Collector:Auth:LockoutThreshold</c>), and repeated failures from one
/// address refuse that address's sign-ins for a while (<c>Collector:Limits:SignInFailuresPerAddress</c>, before the
/// password is even looked at).</summary>
[AllowAnonymous]
[EnableRateLimiting(LimitPolicies.FailedCredentials)]
internal sealed class SignInModel(UserStore users, SignInFailures failures, IOptions<AuthOptions> options, IAuditLog audit, ILogger<SignInModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string Username { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        var auth = options.Value;
        var peer = AddressKey.Of(HttpContext.Connection.RemoteIpAddress);
        var result = await users.SignInAsync(Username, Password, auth.LockoutThreshold, auth.LockoutDuration, HttpContext.RequestAborted);
        if (result.User is null)
        {
            // One answer for every failure, locked or not, so the page never tells whether a user name exists.
            Problem = $"Wrong user name or password. After {auth.LockoutThreshold} failed attempts in a row a user is locked for "
                + $"{Expectations.DurationText.Format(auth.LockoutDuration)}.";
            Log.SignInFailed(logger, LogText.TypedName(Username, result.Reason != Auth.SignInResult.UnknownUser), peer, result.LockedUntil is null ? "" : " (locked out)");
            if (failures.Window.Record(peer))
            {
                Log.SignInAddressBlocked(logger, peer, failures.Window.Limit, failures.Window.Window);
            }

            // The name as typed is the actor (there is no signed-in user yet); the password never goes anywhere.
            var typed = LogText.Printable(Username.Trim(), AuditLog.MaxActorLength);
            await audit.RecordAsync(new AuditEntry(typed, HttpAudit.Address(HttpContext), AuditActions.SignInFailed, AuditTargets.User(typed),
                Detail: result.Reason));
            Password = "";
            return Page();
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            UserAccess.Principal(result.User, CookieAuthenticationDefaults.AuthenticationScheme),
            new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
        Log.SignedIn(logger, result.User.Username, peer);
        await audit.RecordAsync(new AuditEntry(result.User.Username, HttpAudit.Address(HttpContext), AuditActions.SignIn,
            AuditTargets.User(result.User.Username)));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
