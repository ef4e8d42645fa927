using BackupHealth.Collector.Dashboard.Health;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Dashboard.Grid;

/// <summary>Turns judged jobs into grid rows: one cell per day of <c>columns</c>, read from the runs inside the
/// window. Shared by a site's status grid, the overview's problem jobs and the all-sites problems grid.</summary>
internal static class GridRows
{
    /// <param name="view">Where the runs are read: the view the jobs were judged in.</param>
    /// <param name="columns">The days, oldest first, in <paramref name="zone"/>.</param>
    public static List<GridRow> Build(IDashboardView view, IEnumerable<JobAssessment> jobs, IReadOnlyList<DateOnly> columns,
        TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(columns);
        var from = LocalDays.StartOf(columns[0], zone);
        return jobs.Select(job => Row(job, view.ReadGridWindow(job.Job.JobId, from), columns, zone, now)).ToList();
    }

    /// <summary>The last <paramref name="days"/> calendar days of <paramref name="zone"/>, oldest first, today last.</summary>
    public static List<DateOnly> LastDays(int days, TimeZoneInfo zone, DateTimeOffset now)
    {
        var today = LocalDays.DayOf(now, zone);
        return Enumerable.Range(0, days).Select(i => today.AddDays(i - days + 1)).ToList();
    }

    private static GridRow Row(JobAssessment job, GridWindow window, IReadOnlyList<DateOnly> columns, TimeZoneInfo zone, DateTimeOffset now)
    {
        var cells = DayOutcomes.Build(job.Expectation, job.Job.FirstSeen, window.LastCompletedBefore, window.Runs,
            job.Job.LatestStatus == StatusNames.Running, columns, zone, now);
        return new GridRow(job.Job.JobId, job.Job.Name, job.Job.AgentKey, job.Job.SourceKind, job.Job.ProtectedObject, job.Health,
            job.Expectation.Describe(), cells);
    }
}
