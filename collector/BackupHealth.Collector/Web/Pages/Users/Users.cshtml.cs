using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackupHealth.Collector.Web.Pages.Users;

/// <summary>People and what they may do: create users, change their role, customer limits and disabled flag, set a
/// new password. Admins who see every customer only: a user limited to some customers must not see (or hand out)
/// the others. Every change ends the sessions of the user it changes (<see cref="UserAccounts"/> gives a new stamp).</summary>
[Authorize(Policy = Policies.Administer)]
internal sealed class UsersModel(UserAccounts users, SignInLockouts lockouts, IAuditLog audit) : PageModel
{
    [TempData]
    public string? Status { get; set; }

    public string? Problem { get; private set; }

    /// <summary>The user whose edit form the problem is about, so the page opens it again.</summary>
    public long? ProblemUserId { get; private set; }

    public IReadOnlyList<UserRecord> Users { get; private set; } = [];

    public IReadOnlyList<CustomerRef> Customers { get; private set; } = [];

    /// <summary>What the create form held when it was refused (never the password).</summary>
    public string NewUsername { get; private set; } = "";

    public string NewRole { get; private set; } = Roles.Viewer;

    public IReadOnlySet<string> NewCustomers { get; private set; } = new HashSet<string>();

    public long CurrentUserId => UserAccess.Of(User)!.UserId;

    /// <summary>Where the user is locked out now (too many wrong passwords from that address), and until when.</summary>
    public IReadOnlyList<(string Address, DateTimeOffset Until)> LocksOf(UserRecord user) =>
        lockouts.LocksOf((user ?? throw new ArgumentNullException(nameof(user))).Username);

    public async Task<IActionResult> OnGetAsync()
    {
        if (UserAccess.Of(User)!.IsLimited)
        {
            return Forbid();
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(string? username, string? role, string[]? customers, string? password, string? repeat)
    {
        if (UserAccess.Of(User) is not { IsAdmin: true, IsLimited: false } access)
        {
            return Forbid();
        }

        NewUsername = username?.Trim() ?? "";
        NewRole = role ?? Roles.Viewer;
        NewCustomers = (customers ?? []).ToHashSet(StringComparer.Ordinal);
        if (!string.Equals(password, repeat, StringComparison.Ordinal))
        {
            return await ShowProblemAsync("The two passwords differ.");
        }

        var change = await users.CreateAsync(NewUsername, password ?? "", NewRole, customers ?? [], access.Username);
        await RecordAsync(change, AuditActions.UserCreated, NewUsername, Describe(NewRole, false, customers));
        return await OutcomeAsync(change, $"User {NewUsername} created.");
    }

    public async Task<IActionResult> OnPostUpdateAsync(long id, string? role, string[]? customers, bool disabled)
    {
        if (UserAccess.Of(User) is not { IsAdmin: true, IsLimited: false })
        {
            return Forbid();
        }

        var before = await users.FindAsync(id, HttpContext.RequestAborted);
        if (before is null)
        {
            return NotFound();
        }

        ProblemUserId = id;
        var change = await users.UpdateAsync(id, role ?? "", disabled, customers ?? []);
        await RecordAsync(change, AuditActions.UserChanged, before.Username,
            $"was {Describe(before.Role, before.Disabled, before.Customers.Select(c => c.Name).ToArray())}; now {Describe(role ?? "", disabled, customers)}");
        return await OutcomeAsync(change, $"User {before.Username} changed; their sessions have ended.");
    }

    public async Task<IActionResult> OnPostPasswordAsync(long id, string? password, string? repeat)
    {
        if (UserAccess.Of(User) is not { IsAdmin: true, IsLimited: false })
        {
            return Forbid();
        }

        var before = await users.FindAsync(id, HttpContext.RequestAborted);
        if (before is null)
        {
            return NotFound();
        }

        ProblemUserId = id;
        if (!string.Equals(password, repeat, StringComparison.Ordinal))
        {
            return await ShowProblemAsync("The two passwords differ.");
        }

        var change = await users.SetPasswordAsync(id, password ?? "");
        await RecordAsync(change, AuditActions.UserPasswordSet, before.Username, "sessions and API tokens ended");
        return await OutcomeAsync(change, $"New password set for {before.Username}; their sessions and API tokens have ended.");
    }

    private async Task<IActionResult> OutcomeAsync(UserChange change, string done)
    {
        switch (change.Status)
        {
            case ChangeStatus.Done:
                Status = done;
                // An admin who changed themselves keeps this session (with the new stamp); one who made themselves
                // something else can no longer use this page, and one who disabled themselves is signed out.
                var now = await SessionRenewal.RenewIfSelfAsync(HttpContext, users, change.Id);
                return now is null ? Redirect("/signin") : now.IsAdmin ? RedirectToPage() : Redirect("/");
            case ChangeStatus.NotFound:
                return NotFound();
            default:
                return await ShowProblemAsync(change.Problem ?? "not changed");
        }
    }

    private Task RecordAsync(UserChange change, string action, string username, string detail) =>
        change.Status == ChangeStatus.Done ? audit.RecordAsync(HttpContext, action, AuditTargets.User(username), detail: detail) : Task.CompletedTask;

    private static string Describe(string role, bool disabled, string[]? customers)
    {
        var limits = customers is { Length: > 0 } ? "customers " + string.Join(", ", customers.Order(StringComparer.Ordinal)) : "every customer";
        return $"role {role}, {limits}{(disabled ? ", disabled" : "")}";
    }

    private async Task<IActionResult> ShowProblemAsync(string problem)
    {
        Problem = problem;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Users = await users.ListAsync(HttpContext.RequestAborted);
        Customers = await users.ListCustomersAsync(HttpContext.RequestAborted);
    }
}
