using BackupHealth.Collector.Api;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Web.Pages;

internal sealed class IndexModel(CollectorQueries queries, TimeProvider time, IOptions<CollectorOptions> options) : PageModel
{
    public IReadOnlyList<JobDto> Jobs { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var access = UserAccess.Of(User)!;
        var now = time.GetUtcNow();
        var jobs = await queries.GetJobsAsync(null, null, HttpContext.RequestAborted);
        Jobs = jobs.Where(j => access.MaySee(j.Customer))
            .Select(j => new JobDto(j.Id, j.Customer, j.Site, j.AgentKey, j.JobKey, j.Name, j.SourceKind, j.ProtectedObject,
                j.LatestStatus, j.LatestEnd, j.LastSuccess, JobHealth.Of(j.LatestStatus, j.LastSuccess, now, options.Value.StaleAfter)))
            .OrderBy(j => JobHealth.Severity(j.Health)).ThenBy(j => j.Customer, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}
