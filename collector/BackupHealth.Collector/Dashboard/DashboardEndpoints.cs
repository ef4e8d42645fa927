using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Dashboard;

internal static class DashboardEndpoints
{
    public static void MapDashboard(this IEndpointRouteBuilder web) => web.MapGet("/", RenderAsync);

    private static async Task<IResult> RenderAsync(
        HttpContext context, CollectorQueries queries, TimeProvider time, IOptions<CollectorOptions> options, CancellationToken cancellationToken)
    {
        var sites = await queries.GetSitesAsync(cancellationToken);
        var agents = await queries.GetAgentsAsync(cancellationToken);
        var jobs = await queries.GetJobsAsync(null, null, cancellationToken);
        var html = DashboardPage.Render(sites, agents, jobs, time.GetUtcNow(), options.Value.StaleAfter);

        // Defence in depth behind the encoding: the page needs no script and no outside resource.
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
