using BackupHealth.Collector.Dashboard.Overview;
using BackupHealth.Collector.Health;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Dashboard.Problems;

/// <summary>Builds "all sites, problems only" from the overview of every site the user may see (one read
/// transaction): each problem job with its days, and each site with silent agents, worst first.</summary>
internal sealed class ProblemGridQuery(OverviewQuery overview, IOptions<DashboardOptions> options)
{
    /// <param name="days">14 or 30, as the status grid (<see cref="Grid.StatusGridQuery.IsAllowedDays"/>).</param>
    /// <param name="allowedCustomerIds">The customers the user may see; null = all.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is not 14 or 30.</exception>
    public async Task<ProblemGrid> GetAsync(int days, IReadOnlySet<long>? allowedCustomerIds, CancellationToken cancellationToken)
    {
        if (!Grid.StatusGridQuery.IsAllowedDays(days))
        {
            throw new ArgumentOutOfRangeException(nameof(days), days, $"the grid shows {string.Join(" or ", Grid.StatusGridQuery.AllowedDays)} days");
        }

        var all = await overview.GetAsync(new OverviewFilter(allowedCustomerIds, ProblemDays: days), cancellationToken);
        var rows = all.Customers.SelectMany(c => c.Sites).SelectMany(Rows)
            .OrderBy(r => r.Rank)
            .ThenBy(r => r.Site.Customer, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Site.CustomerId)
            .ThenBy(r => r.Site.Name, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Site.Id)
            .ThenBy(r => r.Job?.Name, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Job?.JobId)
            .ToList();
        return new ProblemGrid(options.Value.TimeZone.Trim(), all.GeneratedAt, all.ProblemDays, rows);
    }

    private static IEnumerable<ProblemRow> Rows(SiteOverview site)
    {
        foreach (var problem in site.ProblemJobs)
        {
            yield return new ProblemRow(site, Rank(problem.Job.Health), problem.Job, problem.Reason);
        }

        if (site.AgentsTotal == 0 || site.AgentsSilent > 0)
        {
            var agents = OverviewQuery.Summary(JobCounts.None, site.AgentsTotal, site.AgentsSilent);
            var allSilent = site.AgentsSilent == site.AgentsTotal;
            var reason = allSilent && site.LastSeen is { } last ? new ProblemReason(agents + ", last heard", last) : new ProblemReason(agents);
            yield return new ProblemRow(site, allSilent ? ProblemRank.SiteSilent : ProblemRank.AgentsSilent, null, reason);
        }
    }

    private static ProblemRank Rank(JobHealthState health) => health switch
    {
        JobHealthState.Failed => ProblemRank.Failed,
        JobHealthState.Corrupt => ProblemRank.Corrupt,
        JobHealthState.Missed => ProblemRank.Missed,
        JobHealthState.Disabled => ProblemRank.Disabled,
        _ => ProblemRank.Warning,
    };
}
