using BackupHealth.Collector.Dashboard.Grid;
using BackupHealth.Collector.Dashboard.Overview;

namespace BackupHealth.Collector.Dashboard.Problems;

// "All sites, problems only": every problem of every customer the user may see, as one status grid, worst first.

/// <param name="TimeZone">The id of the zone whose days the columns are.</param>
/// <param name="Days">The columns, oldest first; the last is today.</param>
/// <param name="Rows">Worst first (<see cref="ProblemRank"/>), then by customer, site and job name.</param>
internal sealed record ProblemGrid(
    string TimeZone,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<DateOnly> Days,
    IReadOnlyList<ProblemRow> Rows);

/// <summary>A problem job of a site, or (<see cref="Job"/> null) a site whose agents are not heard from.</summary>
/// <param name="Job">The job's row, a cell per day of <see cref="ProblemGrid.Days"/>; null for a site row.</param>
internal sealed record ProblemRow(SiteOverview Site, ProblemRank Rank, GridRow? Job, ProblemReason Reason);

/// <summary>How bad a problem is, worst first: the enum order is the sort order. Jobs follow <c>JobHealthState</c>;
/// a site nobody hears from comes after the jobs that breach their recovery point (as the overview puts silent sites
/// after failing ones), a site with some silent agents after every job problem.</summary>
internal enum ProblemRank
{
    Failed,
    Corrupt,
    Missed,
    SiteSilent,
    Disabled,
    Warning,
    AgentsSilent,
}
