using BackupHealth.Collector.Store;
using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackupHealth.Collector.Web.Pages.Audit;

/// <summary>The audit log: who did what, when, from where. Admins and technicians; a technician limited to some
/// customers sees those customers' rows and, of the collector-wide ones, only their own (<see cref="AuditScope"/>).
/// Filters are GET parameters; paging is server-side, by the id of the oldest row shown.</summary>
[Authorize(Policy = Policies.WorkAlerts)]
internal sealed class AuditModel(IAuditStore queries, UserAccounts users) : PageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Customer { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public IReadOnlyList<AuditRow> Rows { get; private set; } = [];

    public long? Next { get; private set; }

    public IReadOnlyList<string> Customers { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var access = UserAccess.Of(User)!;
        var cancel = HttpContext.RequestAborted;
        Customers = (await users.ListCustomersAsync(cancel)).Select(c => c.Name).Where(access.MaySee).ToList();
        var filter = new AuditFilter(Format.ParseLocalInput(From), Format.ParseLocalInput(To), AuditFilter.Clean(Actor),
            AuditFilter.Clean(Action), AuditFilter.Clean(Customer), Before, PageSize);
        (Rows, Next) = await queries.ReadAsync(filter, AuditScope.Of(access), cancel);
    }

    /// <summary>This page with the same filters, starting after <paramref name="before"/> (null: the newest rows).</summary>
    public string PageUrl(long? before)
    {
        var query = QueryString.Create(new Dictionary<string, string?>
        {
            ["from"] = From, ["to"] = To, ["actor"] = Actor, ["action"] = Action, ["customer"] = Customer,
            ["before"] = before?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(p => !string.IsNullOrWhiteSpace(p.Value)));
        return "/audit" + query.ToUriComponent();
    }
}
