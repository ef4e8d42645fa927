using BackupHealth.Collector.Dashboard.Overview;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackupHealth.Collector.Web.Pages.Grid;

/// <summary>The sites a user may see, problems first, each a link to its status grid.</summary>
internal sealed class GridIndexModel(OverviewQuery overview) : PageModel
{
    public DashboardOverview Overview { get; private set; } = null!;

    public async Task OnGetAsync() =>
        Overview = await overview.GetAsync(new OverviewFilter(UserAccess.Of(User)!.CustomerIds), HttpContext.RequestAborted);
}
