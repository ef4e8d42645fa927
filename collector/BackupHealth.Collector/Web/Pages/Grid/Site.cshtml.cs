using BackupHealth.Collector.Dashboard.Grid;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackupHealth.Collector.Web.Pages.Grid;

/// <summary>One site's status grid: jobs × the last 14 (default) or 30 days. Another customer's site is a 404.</summary>
internal sealed class SiteGridModel(StatusGridQuery grids) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "days")]
    public int Days { get; set; } = 14;

    public StatusGrid Grid { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!StatusGridQuery.IsAllowedDays(Days))
        {
            Days = 14;
        }

        if (await grids.GetAsync(id, Days, UserAccess.Of(User)!.CustomerIds, HttpContext.RequestAborted) is not { } grid)
        {
            return NotFound();
        }

        Grid = grid;
        return Page();
    }
}
