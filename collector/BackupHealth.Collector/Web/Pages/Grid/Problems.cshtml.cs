using BackupHealth.Collector.Dashboard.Grid;
using BackupHealth.Collector.Dashboard.Problems;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackupHealth.Collector.Web.Pages.Grid;

/// <summary>"All sites, problems only": every problem job and silent site of the customers the user may see, on one
/// page, worst first, over the last 14 (default) or 30 days.</summary>
internal sealed class ProblemGridModel(ProblemGridQuery problems) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "days")]
    public int Days { get; set; } = 14;

    public ProblemGrid Grid { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        if (!StatusGridQuery.IsAllowedDays(Days))
        {
            Days = 14;
        }

        Grid = await problems.GetAsync(Days, UserAccess.Of(User)!.CustomerIds, HttpContext.RequestAborted);
    }
}
