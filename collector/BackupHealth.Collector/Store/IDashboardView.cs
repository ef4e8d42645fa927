using BackupHealth.Collector.Dashboard.Grid;
using BackupHealth.Collector.Dashboard.History;
using BackupHealth.Collector.Dashboard.Jobs;
using BackupHealth.Collector.Dashboard.Overview;
using BackupHealth.Collector.Dashboard.Problems;
using BackupHealth.Collector.Rules;

namespace BackupHealth.Collector.Store;

/// <summary>The store as of one point in time (<see cref="IDashboardReads.OpenViewAsync"/>): what the dashboard
/// judges jobs and builds its pages from. Reads are synchronous while the view is open, and cheap to repeat per job
/// (a backend prepares each read once per view). Superseded runs are never read.</summary>
internal interface IDashboardView : IAsyncDisposable
{
    /// <summary>The jobs that exist — all, one site's or one job — in id order, without their runs. A job known only
    /// from a job list that no longer names it is left out.</summary>
    IReadOnlyList<JobRow> ReadJobs(long? siteId = null, long? jobId = null);

    /// <summary>A job's runs as the alert rules see them: from <paramref name="since"/> on, newest first (by run time,
    /// then the newest stored), at most <see cref="JobSnapshot.MaxRuns"/>.</summary>
    IReadOnlyList<Model.RunRecord> ReadRunHistory(long jobId, DateTimeOffset since);

    /// <summary>A job's runs from <paramref name="from"/> on, in any order, and its newest completed run before
    /// then (where the status grid's first deadline counts from).</summary>
    GridWindow ReadGridWindow(long jobId, DateTimeOffset from);

    /// <summary>The newest finished run that decides failed or warning (a failure the source will retry excepted),
    /// with its message; null when there is none.</summary>
    RunNote? FindDecisiveRun(long jobId);

    /// <summary>The newest run that was verified at all (passed or failed), with its verification detail; null when
    /// there is none.</summary>
    RunNote? FindVerifiedRun(long jobId);

    /// <summary>Every site with its customer, or only the site <paramref name="siteId"/> (none when there is no such
    /// site).</summary>
    IReadOnlyList<SiteRow> ReadSites(long? siteId = null);

    /// <summary>Every agent, with whether it has a stream open now.</summary>
    IReadOnlyList<AgentRow> ReadAgents();

    /// <summary>Per site, its alerts that are firing, not muted and not held back by a silent agent; a site with none
    /// is absent.</summary>
    IReadOnlyDictionary<long, int> CountFiringAlerts();

    /// <summary>How many runs the job has.</summary>
    int CountRuns(long jobId);

    /// <summary>One page of the job's runs, newest first (by run time, then the newest stored).</summary>
    IReadOnlyList<RunView> ReadRuns(long jobId, int limit, long offset);
}
