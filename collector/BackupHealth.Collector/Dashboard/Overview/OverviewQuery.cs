using System.Globalization;
using BackupHealth.Collector.Dashboard.Grid;
using BackupHealth.Collector.Dashboard.Health;
using BackupHealth.Collector.Dashboard.Problems;
using BackupHealth.Collector.Health;
using BackupHealth.Collector.Rules;
using BackupHealth.Collector.Store;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Dashboard.Overview;

/// <summary>Builds the overview: every site with its health, job counts, agents and firing alerts, customers and
/// sites ordered problems first (failing, silent, warning, healthy), then by name, each shown site with its problem
/// jobs and their last days. One read transaction, so the counts agree with each other.</summary>
internal sealed class OverviewQuery(
    IDashboardReads reads, JobAssessor assessor, IOptions<AgentSilentOptions> silent, IOptions<DashboardOptions> dashboard,
    TimeProvider time)
{
    /// <exception cref="ArgumentOutOfRangeException"><see cref="OverviewFilter.ProblemDays"/> is out of range.</exception>
    public async Task<DashboardOverview> GetAsync(OverviewFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(filter.ProblemDays, 1, nameof(filter));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(filter.ProblemDays, OverviewFilter.MaxProblemDays, nameof(filter));
        var now = time.GetUtcNow();
        await using var view = await reads.OpenViewAsync(cancellationToken);
        var allowed = filter.AllowedCustomerIds;
        var sites = view.ReadSites().Where(s => allowed is null || allowed.Contains(s.CustomerId)).ToList();
        var agents = view.ReadAgents().ToLookup(a => a.SiteId);
        var alerts = view.CountFiringAlerts();
        var jobs = assessor.Assess(view, null, null, now, allowed is null ? null : j => allowed.Contains(j.CustomerId))
            .ToLookup(j => j.Job.SiteId);

        var silentAfter = silent.Value.AgentSilentAfter;
        var all = sites.Select(s => Site(s, jobs[s.Id].ToList(), agents[s.Id].ToList(), alerts.GetValueOrDefault(s.Id), now, silentAfter)).ToList();
        var zone = dashboard.Value.Zone();
        var days = GridRows.LastDays(filter.ProblemDays, zone, now);
        var shown = WithProblemJobs(view, all.Where(s => Matches(s, filter)).ToList(), days, zone, now);
        var customers = shown
            .GroupBy(s => (s.CustomerId, s.Customer))
            .Select(g => Customer(g.Key.CustomerId, g.Key.Customer, g))
            .OrderBy(c => c.Health).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Id)
            .ToList();
        return new DashboardOverview(now, customers, SiteCounts.Of(all.Select(s => s.Site.Health)),
            JobCounts.Sum(all.Select(s => s.Site.Jobs)), days);
    }

    /// <summary>Each site with its problem jobs, worst first, then by name: why, and a cell per day.</summary>
    private static List<SiteOverview> WithProblemJobs(IDashboardView view, List<SiteEntry> sites, List<DateOnly> days, TimeZoneInfo zone,
        DateTimeOffset now)
    {
        var problems = sites.SelectMany(s => s.Jobs).Where(j => ProblemReasons.IsProblem(j.Health)).ToList();
        var why = problems.ToDictionary(j => j.Job.JobId, j => ProblemReasons.Of(view, j));
        var rows = GridRows.Build(view, problems, days, zone, now).ToDictionary(r => r.JobId);
        return sites.Select(s => s.Site with
        {
            ProblemJobs = s.Jobs.Where(j => rows.ContainsKey(j.Job.JobId)).Select(j => rows[j.Job.JobId])
                .OrderBy(r => r.Health).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.JobId)
                .Select(r => new ProblemJob(r, why[r.JobId])).ToList(),
        }).ToList();
    }

    private static SiteEntry Site(SiteRow site, List<JobAssessment> jobs, List<AgentRow> agents, int firing, DateTimeOffset now, TimeSpan silentAfter)
    {
        var counts = JobCounts.Of(jobs.Select(j => j.Health));
        var silentAgents = agents.Count(a => !a.Connected && now - a.LastSeen > silentAfter);
        var health = SiteHealthJudge.Judge(counts, agents.Count, silentAgents);
        var lastSeen = agents.Count == 0 ? (DateTimeOffset?)null : agents.Max(a => a.Connected ? now : a.LastSeen);
        var overview = new SiteOverview(site.Id, site.CustomerId, site.Customer, site.Name, health, counts, agents.Count,
            agents.Count(a => a.Connected), silentAgents, lastSeen, firing, Summary(counts, agents.Count, silentAgents), []);
        var names = jobs.Select(j => j.Job.Name).Concat(agents.Select(a => a.AgentKey)).Concat(agents.Select(a => a.HostName)).ToList();
        return new SiteEntry(overview, names, jobs);
    }

    private static CustomerOverview Customer(long id, string name, IEnumerable<SiteOverview> sites)
    {
        var ordered = sites.OrderBy(s => s.Health).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Id).ToList();
        return new CustomerOverview(id, name, ordered[0].Health, JobCounts.Sum(ordered.Select(s => s.Jobs)), ordered);
    }

    private static bool Matches(SiteEntry entry, OverviewFilter filter)
    {
        if (filter.Health is { Count: > 0 } states && !states.Contains(entry.Site.Health))
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(filter.Search))
        {
            return true;
        }

        var search = filter.Search.Trim();
        return entry.Site.Customer.Contains(search, StringComparison.OrdinalIgnoreCase)
            || entry.Site.Name.Contains(search, StringComparison.OrdinalIgnoreCase)
            || entry.Names.Exists(n => n.Contains(search, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Agent trouble and job problems by count, worst first; when there are none, how many jobs are fine.</summary>
    internal static string Summary(JobCounts jobs, int agents, int silentAgents)
    {
        var parts = new List<string>();
        if (agents == 0)
        {
            parts.Add("no agent has connected");
        }
        else if (silentAgents > 0)
        {
            parts.Add(silentAgents == agents ? $"all {agents} agent{Plural(agents)} silent" : $"{silentAgents} of {agents} agents silent");
        }

        foreach (var (count, word) in new[] { (jobs.Failed, "failed"), (jobs.Corrupt, "corrupt"), (jobs.Missed, "missed"), (jobs.Disabled, "disabled"), (jobs.Warning, "warning") })
        {
            if (count > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{count} {word}"));
            }
        }

        if (parts.Count == 0)
        {
            parts.Add(jobs.Total == 0 ? "no jobs yet" : string.Create(CultureInfo.InvariantCulture, $"{jobs.Total} job{Plural(jobs.Total)} ok"));
        }

        return string.Join(", ", parts);
    }

    private static string Plural(int n) => n == 1 ? "" : "s";

    private sealed record SiteEntry(SiteOverview Site, List<string> Names, List<JobAssessment> Jobs);
}
