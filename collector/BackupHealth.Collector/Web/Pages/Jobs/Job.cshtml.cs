using BackupHealth.Collector.Store;
using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Dashboard.Jobs;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackupHealth.Collector.Web.Pages.Jobs;

/// <summary>One job: its health, expectation (and, for admins, changing it), a chart of size and duration, and its
/// runs page by page. Another customer's job is a 404.</summary>
internal sealed class JobModel(JobPageQuery jobs, IExpectationStore expectations, IAuditLog audit, TimeProvider time) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public string? Interval { get; set; }

    [BindProperty]
    public string? Schedule { get; set; }

    [BindProperty]
    public string? Grace { get; set; }

    [TempData]
    public string? Status { get; set; }

    public string? Problem { get; private set; }

    public JobPage Job { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        var setting = Job.Expectation.Setting;
        Interval = setting?.Interval is { } i ? DurationText.Format(i) : null;
        Schedule = setting?.Schedule;
        Grace = setting?.Grace is { } g ? DurationText.Format(g) : null;
        return Page();
    }

    public async Task<IActionResult> OnPostExpectationAsync(long id)
    {
        if (UserAccess.Of(User) is not { IsAdmin: true } access)
        {
            return Forbid();
        }

        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        var request = new ExpectationRequest(Blank(Interval), Blank(Schedule), Blank(Grace), access.Username);
        if (!ExpectationRequestValidator.TryValidate(request, out var setting, out var by, out var error))
        {
            Problem = error;
            return Page();
        }

        if (await expectations.SetAsync(id, setting, by, time.GetUtcNow(), HttpContext.RequestAborted))
        {
            await audit.RecordAsync(HttpContext, AuditActions.ExpectationSet, AuditTargets.Job(id), detail: AuditDetails.Expectation(Interval, Schedule, Grace));
        }

        Status = "Expectation saved.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostClearExpectationAsync(long id)
    {
        if (UserAccess.Of(User) is not { IsAdmin: true })
        {
            return Forbid();
        }

        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        if (await expectations.ClearAsync(id, HttpContext.RequestAborted))
        {
            await audit.RecordAsync(HttpContext, AuditActions.ExpectationCleared, AuditTargets.Job(id));
        }

        Status = "Setting removed: the job's expectation is learned again (or the default).";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(long id)
    {
        PageNumber = Math.Max(1, PageNumber);
        Job = (await jobs.GetAsync(id, PageNumber, PageSize, UserAccess.Of(User)!.CustomerIds, HttpContext.RequestAborted))!;
        return Job is not null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
