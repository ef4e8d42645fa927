using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackupHealth.Collector.Web.Pages.Account;

/// <summary>The signed-in person's own account: their password and their API tokens. Every user may use it, for
/// themselves only.</summary>
internal sealed class AccountModel(UserAccounts users, IAuditLog audit) : PageModel
{
    [TempData]
    public string? Status { get; set; }

    public string? Problem { get; private set; }

    public IReadOnlyList<ApiTokenRecord> Tokens { get; private set; } = [];

    /// <summary>A token just created: shown in this one response and never again (only its hash is kept).</summary>
    public string? NewToken { get; private set; }

    public string? NewTokenName { get; private set; }

    /// <summary>The JSON API's jobs list on this collector, for the example.</summary>
    public string JobsUrl => $"{Request.Scheme}://{Request.Host}/api/v1/jobs";

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostPasswordAsync(string? current, string? password, string? repeat)
    {
        var access = UserAccess.Of(User)!;
        if (!string.Equals(password, repeat, StringComparison.Ordinal))
        {
            return await ShowProblemAsync("The two new passwords differ.");
        }

        var change = await users.ChangePasswordAsync(access.UserId, current ?? "", password ?? "");
        if (change.Status != ChangeStatus.Done)
        {
            return await ShowProblemAsync(change.Problem ?? "not changed");
        }

        await audit.RecordAsync(HttpContext, AuditActions.UserPasswordChanged, AuditTargets.User(access.Username),
            detail: "own password; other sessions and API tokens ended");
        // The change ended every session and API token of this user; this session carries on with the new stamp.
        await SessionRenewal.RenewIfSelfAsync(HttpContext, users, access.UserId);
        Status = "Password changed. Your other sessions and your API tokens have ended.";
        return RedirectToPage();
    }

    /// <summary>Answers with the page itself rather than a redirect: the token must not pass through a cookie (where
    /// a redirect would have to keep it) and cannot be shown again later.</summary>
    public async Task<IActionResult> OnPostCreateTokenAsync(string? name, string? scope, int? days)
    {
        var access = UserAccess.Of(User)!;
        var (change, token) = await users.CreateApiTokenAsync(access.UserId, name ?? "", scope ?? ApiTokenScopes.Read,
            days is > 0 ? TimeSpan.FromDays(days.Value) : null);
        if (token is null)
        {
            return await ShowProblemAsync(change.Problem ?? "not created");
        }

        await audit.RecordAsync(HttpContext, AuditActions.ApiTokenCreated, AuditTargets.ApiToken(TokenHash.Of(token)[..UserAccounts.ApiTokenIdLength]),
            detail: $"'{name!.Trim()}' of {access.Username}, {scope ?? ApiTokenScopes.Read}{(days is > 0 ? $", for {days} days" : "")}");
        NewToken = token;
        NewTokenName = name!.Trim();
        Response.Headers.CacheControl = "no-store";
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeTokenAsync(string? id)
    {
        var access = UserAccess.Of(User)!;
        var change = await users.RevokeApiTokenAsync(access.UserId, id ?? "");
        if (change.Status != ChangeStatus.Done)
        {
            // Another user's token, an unknown id and one already revoked look the same.
            return NotFound();
        }

        await audit.RecordAsync(HttpContext, AuditActions.ApiTokenRevoked, AuditTargets.ApiToken(id!), detail: $"of {access.Username}");
        Status = "Token revoked: requests with it are refused from now on.";
        return RedirectToPage();
    }

    private async Task<IActionResult> ShowProblemAsync(string problem)
    {
        Problem = problem;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync() =>
        Tokens = await users.ListApiTokensAsync(UserAccess.Of(User)!.UserId, HttpContext.RequestAborted);
}
