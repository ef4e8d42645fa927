using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Limits;
using BackupHealth.Collector.Telemetry;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Web.Pages;

/// <summary>The one page reachable signed out. A wrong name and a wrong password get the same answer; repeated
/// failures lock that name out at that address for a while (<c>Collector:Auth:LockoutThreshold</c>), and repeated
/// failures or too many attempts from one address refuse that address's sign-ins for a while
/// (<c>Collector:Limits:SignInFailuresPerAddress</c>, <c>SignInAttemptsPerAddress</c>, before the password is even
/// looked at). When every password-hashing slot is busy the page answers 503 without hashing.</summary>
[AllowAnonymous]
[EnableRateLimiting(LimitPolicies.FailedCredentials)]
internal sealed class SignInModel(
    PasswordSignIn signIn, SignInFailures failures, PasswordHashSlots slots, IOptions<AuthOptions> options, IAuditLog audit, ILogger<SignInModel> logger)
    : PageModel
{
    /// <summary>What a sign-in that found no free hashing slot is told; it is not counted as a failure.</summary>
    public const string BusyProblem = "The collector is busy checking other sign-ins right now. Try again in a few seconds.";

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
        var result = await signIn.SignInAsync(Username, Password, peer, HttpContext.RequestAborted);
        Password = "";
        if (result.Reason == Auth.SignInResult.NoHashingSlot)
        {
            Log.SignInHashBusy(logger, peer, slots.Slots, slots.Queue);
            Problem = BusyProblem;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = "5";
            return Page();
        }

        if (result.User is null)
        {
            // One answer for every failure, locked or not, so the page never tells whether a user name exists.
            Problem = $"Wrong user name or password. After {auth.LockoutThreshold} failed attempts in a row a user is locked for "
                + $"{Expectations.DurationText.Format(auth.LockoutDuration)} at the address they come from.";
            Log.SignInFailed(logger, LogText.TypedName(Username, result.Reason != Auth.SignInResult.UnknownUser), peer, result.LockedUntil is null ? "" : " (locked out)");
            if (failures.Window.Record(peer))
            {
                Log.SignInAddressBlocked(logger, peer, failures.Window.Limit, failures.Window.Window);
            }

            // The name as typed is the actor (there is no signed-in user yet); the password never goes anywhere.
            var typed = LogText.Printable(Username.Trim(), AuditLog.MaxActorLength);
            await audit.RecordAsync(new AuditEntry(typed, HttpAudit.Address(HttpContext), AuditActions.SignInFailed, AuditTargets.User(typed),
                Detail: result.Reason));
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
