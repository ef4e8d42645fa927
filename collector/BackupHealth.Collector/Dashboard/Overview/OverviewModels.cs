using BackupHealth.Collector.Dashboard.Problems;
using BackupHealth.Collector.Health;

namespace BackupHealth.Collector.Dashboard.Overview;

// The overview page's model: customers → sites, problems first. Times are UTC.

/// <param name="Sites">Sites per health over everything the user may see (before search and health filters), for
/// the page's header.</param>
/// <param name="Jobs">Jobs per health, likewise.</param>
/// <param name="ProblemDays">The days of each problem job's cells (<see cref="OverviewFilter.ProblemDays"/> of them in
/// Collector:Dashboard:TimeZone), oldest first, today last.</param>
internal sealed record DashboardOverview(
    DateTimeOffset GeneratedAt,
    IReadOnlyList<CustomerOverview> Customers,
    SiteCounts Sites,
    JobCounts Jobs,
    IReadOnlyList<DateOnly> ProblemDays);

/// <param name="Health">The worst health of its sites (of those shown).</param>
internal sealed record CustomerOverview(
    long Id,
    string Name,
    SiteHealth Health,
    JobCounts Jobs,
    IReadOnlyList<SiteOverview> Sites);

/// <param name="AgentsSilent">Agents not connected and not heard from within Collector:Alerts:AgentSilentAfter.</param>
/// <param name="LastSeen">When any agent of the site was last heard from (now, while one is connected); null when
/// none ever connected.</param>
/// <param name="FiringAlerts">Alerts firing, not acknowledged, not muted and not held back by a silent agent.</param>
/// <param name="Summary">One line for people: "2 failed, 1 missed", "all 2 agents silent", "20 jobs ok".</param>
/// <param name="ProblemJobs">Its failed, missed, disabled and warning jobs, worst first, then by name, each with why and
/// its last days: the morning check without a click per site.</param>
internal sealed record SiteOverview(
    long Id,
    long CustomerId,
    string Customer,
    string Name,
    SiteHealth Health,
    JobCounts Jobs,
    int AgentsTotal,
    int AgentsConnected,
    int AgentsSilent,
    DateTimeOffset? LastSeen,
    int FiringAlerts,
    string Summary,
    IReadOnlyList<ProblemJob> ProblemJobs);

internal sealed record SiteCounts(int Failing, int Silent, int Warning, int Healthy)
{
    public int Total => Failing + Silent + Warning + Healthy;

    public static SiteCounts Of(IEnumerable<SiteHealth> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var n = new int[4];
        foreach (var state in states)
        {
            n[(int)state]++;
        }

        return new SiteCounts(n[0], n[1], n[2], n[3]);
    }
}

/// <summary>What the overview shows.</summary>
/// <param name="AllowedCustomerIds">The customers the user may see; null = all.</param>
/// <param name="Search">Case-insensitive part of a customer, site, agent or job name; null or blank = no search.</param>
/// <param name="Health">Only sites in these states; null or empty = all.</param>
/// <param name="ProblemDays">How many days (today the last) each problem job's cells cover; 1 to <see cref="MaxProblemDays"/>.</param>
internal sealed record OverviewFilter(
    IReadOnlySet<long>? AllowedCustomerIds = null,
    string? Search = null,
    IReadOnlySet<SiteHealth>? Health = null,
    int ProblemDays = OverviewFilter.DefaultProblemDays)
{
    public const int DefaultProblemDays = 7;
    public const int MaxProblemDays = 30;

    public static readonly OverviewFilter All = new();
}
