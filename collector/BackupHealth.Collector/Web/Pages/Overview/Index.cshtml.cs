using BackupHealth.Collector.Dashboard.Overview;
using BackupHealth.Collector.Health;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackupHealth.Collector.Web.Pages.Overview;

/// <summary>The first page: customers → sites with their health, problems first, each problem job named under its site
/// with why and its last 7 days. <c>?q=</c> searches names, <c>?health=</c> keeps sites in one state (or
/// <c>problems</c>), <c>?noc=1</c> is the wall-display mode.</summary>
internal sealed class OverviewModel(OverviewQuery overview) : PageModel
{
    /// <summary>At most this many problem jobs under a site; its grid has the rest.</summary>
    public const int ProblemJobsShown = 8;

    private static readonly IReadOnlySet<SiteHealth> Problems = new HashSet<SiteHealth> { SiteHealth.Failing, SiteHealth.Silent, SiteHealth.Warning };

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "health")]
    public string? Health { get; set; }

    /// <summary><c>?noc=1</c> (or <c>true</c>): the wall-display mode.</summary>
    [BindProperty(SupportsGet = true, Name = "noc")]
    public string? NocMode { get; set; }

    public bool Noc => NocMode is "1" or "true" or "on";

    public DashboardOverview Overview { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        var access = UserAccess.Of(User)!;
        Health = string.IsNullOrEmpty(Health) ? null : Health;
        IReadOnlySet<SiteHealth>? states = Health switch
        {
            null => null,
            "problems" => Problems,
            _ when Enum.TryParse<SiteHealth>(Health, ignoreCase: true, out var one) && Enum.IsDefined(one) => new HashSet<SiteHealth> { one },
            _ => null,
        };
        if (states is null)
        {
            Health = null;
        }

        Overview = await overview.GetAsync(new OverviewFilter(access.CustomerIds, Q, states), HttpContext.RequestAborted);
    }
}
