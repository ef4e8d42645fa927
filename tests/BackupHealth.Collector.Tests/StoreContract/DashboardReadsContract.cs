using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Tests.StoreContract;

/// <summary>What every backend's dashboard reads must do (<see cref="IDashboardReads"/>, <see cref="IDashboardView"/>):
/// a view sees one point in time whatever is written meanwhile; run history comes newest first, without superseded runs
/// or runs before its start, and at most <see cref="JobSnapshot.MaxRuns"/>; the job page, the status grid and the
/// problem words read the runs they name.</summary>
public abstract class DashboardReadsContract<TBackend>
    where TBackend : IStoreBackendFixture, new()
{
    private static readonly DateTimeOffset Now = TestCollector.StartTime;

    [Fact]
    public async Task A_view_sees_the_store_as_of_one_point_in_time()
    {
        await using var store = await CreateAsync();
        var job = store.Seed.AddJob(store.ContosoSiteId, "nightly files");
        store.Seed.AddRun(job, "success", Now.AddHours(-2));

        await using (var view = await OpenAsync(store))
        {
            Assert.Single(view.ReadJobs());
            store.Seed.AddJob(store.FabrikamSiteId, "branch files");
            store.Seed.AddRun(job, "failed", Now.AddHours(-1));

            Assert.Single(view.ReadJobs());
            Assert.Equal([RunStatus.Success], view.ReadRunHistory(job, Now.AddDays(-1)).Select(r => r.Status));
            Assert.Equal(1, view.CountRuns(job));
        }

        await using var later = await OpenAsync(store);
        Assert.Equal(2, later.ReadJobs().Count);
        Assert.Equal([RunStatus.Failed, RunStatus.Success], later.ReadRunHistory(job, Now.AddDays(-1)).Select(r => r.Status));
    }

    [Fact]
    public async Task Jobs_are_read_in_id_order_all_of_them_one_sites_or_one()
    {
        await using var store = await CreateAsync();
        var first = store.Seed.AddJob(store.ContosoSiteId, "nightly files");
        var branch = store.Seed.AddJob(store.FabrikamSiteId, "branch files");
        var second = store.Seed.AddJob(store.ContosoSiteId, "weekly files");
        await using var view = await OpenAsync(store);

        Assert.Equal([first, branch, second], view.ReadJobs().Select(j => j.JobId));
        Assert.Equal([first, second], view.ReadJobs(siteId: store.ContosoSiteId).Select(j => j.JobId));
        var one = Assert.Single(view.ReadJobs(jobId: branch));
        Assert.Equal(("Fabrikam", "Branch", "branch files"), (one.Customer, one.Site, one.Name));
        Assert.Empty(view.ReadJobs(jobId: first + branch + second));
    }

    [Fact]
    public async Task Run_history_is_newest_first_without_superseded_runs_or_runs_before_its_start()
    {
        await using var store = await CreateAsync();
        var job = store.Seed.AddJob(store.ContosoSiteId, "nightly files");
        store.Seed.AddRun(job, "success", Now.AddDays(-3), message: "too old");
        store.Seed.AddRun(job, "success", Now.AddDays(-2), message: "oldest");
        store.Seed.AddRun(job, "failed", Now.AddHours(-1), message: "replaced", superseded: true);
        store.Seed.AddRun(job, "failed", Now.AddHours(-1), message: "first at the hour");
        store.Seed.AddRun(job, "warning", Now.AddHours(-1), message: "stored last at the hour");
        store.Seed.AddRun(job, "success", Now.AddDays(-1), message: "middle");
        await using var view = await OpenAsync(store);

        var runs = view.ReadRunHistory(job, Now.AddDays(-2));

        Assert.Equal(["stored last at the hour", "first at the hour", "middle", "oldest"], runs.Select(r => r.Message));
        Assert.Equal([RunStatus.Warning, RunStatus.Failed, RunStatus.Success, RunStatus.Success], runs.Select(r => r.Status));
        Assert.Equal(Now.AddHours(-1), runs[0].RunTime);
        Assert.Equal(TimeSpan.FromMinutes(10), runs[0].Duration);
    }

    [Fact]
    public async Task Run_history_holds_the_newest_runs_up_to_the_limit()
    {
        await using var store = await CreateAsync();
        var job = store.Seed.AddJob(store.ContosoSiteId, "hourly files");
        for (var i = JobSnapshot.MaxRuns; i >= 0; i--)
        {
            store.Seed.AddRun(job, "success", Now.AddHours(-i));
        }

        await using var view = await OpenAsync(store);
        var runs = view.ReadRunHistory(job, Now.AddDays(-30));

        Assert.Equal(JobSnapshot.MaxRuns, runs.Count);
        Assert.Equal(Now, runs[0].RunTime);
        Assert.Equal(Now.AddHours(-(JobSnapshot.MaxRuns - 1)), runs[^1].RunTime);
    }

    [Fact]
    public async Task The_job_page_reads_a_page_of_runs_newest_first_and_counts_them_without_superseded_runs()
    {
        await using var store = await CreateAsync();
        var job = store.Seed.AddJob(store.ContosoSiteId, "nightly files");
        for (var day = 5; day >= 1; day--)
        {
            store.Seed.AddRun(job, "success", Now.AddDays(-day), message: $"day {day}");
        }

        store.Seed.AddRun(job, "failed", Now.AddDays(-1), message: "replaced", superseded: true);
        await using var view = await OpenAsync(store);

        Assert.Equal(5, view.CountRuns(job));
        Assert.Equal(["day 1", "day 2"], view.ReadRuns(job, limit: 2, offset: 0).Select(r => r.Message));
        Assert.Equal(["day 5"], view.ReadRuns(job, limit: 2, offset: 4).Select(r => r.Message));
        Assert.Empty(view.ReadRuns(job, limit: 2, offset: 6));
    }

    [Fact]
    public async Task The_grid_window_holds_the_runs_from_its_start_and_the_newest_completed_run_before_it()
    {
        await using var store = await CreateAsync();
        var job = store.Seed.AddJob(store.ContosoSiteId, "nightly files");
        store.Seed.AddRun(job, "warning", Now.AddDays(-4));
        store.Seed.AddRun(job, "failed", Now.AddDays(-3));
        store.Seed.AddRun(job, "success", Now.AddDays(-2), verification: "failed");
        store.Seed.AddRun(job, "failed", Now.AddDays(-1), willRetry: true);
        store.Seed.AddRun(job, "success", Now.AddHours(-1), superseded: true);
        await using var view = await OpenAsync(store);

        var window = view.ReadGridWindow(job, Now.AddDays(-2).AddMinutes(-1));

        Assert.Equal(Now.AddDays(-4), window.LastCompletedBefore);
        Assert.Equal([(Now.AddDays(-2), RunStatus.Success, false, true), (Now.AddDays(-1), RunStatus.Failed, true, false)],
            window.Runs.OrderBy(r => r.Time).Select(r => (r.Time, r.Status, r.WillRetry, r.VerificationFailed)));
        Assert.Null(view.ReadGridWindow(job, Now.AddDays(-5)).LastCompletedBefore);
    }

    [Fact]
    public async Task The_runs_that_explain_a_problem_skip_runs_in_progress_and_failures_the_source_will_retry()
    {
        await using var store = await CreateAsync();
        var job = store.Seed.AddJob(store.ContosoSiteId, "nightly files");
        var quiet = store.Seed.AddJob(store.ContosoSiteId, "never ran");
        store.Seed.AddRun(job, "failed", Now.AddHours(-4), message: "disk full", verification: "failed");
        store.Seed.AddRun(job, "success", Now.AddHours(-3), message: "ok", verification: "not_verified");
        store.Seed.AddRun(job, "failed", Now.AddHours(-2), message: "will retry", willRetry: true, verification: "not_verified");
        store.Seed.AddRun(job, "running", Now.AddHours(-1), message: "", verification: "not_verified");
        await using var view = await OpenAsync(store);

        Assert.Equal(new(Now.AddHours(-3), "ok"), view.FindDecisiveRun(job));
        Assert.Equal(Now.AddHours(-4), view.FindVerifiedRun(job)?.Time);
        Assert.Null(view.FindDecisiveRun(quiet));
        Assert.Null(view.FindVerifiedRun(quiet));
    }

    [Fact]
    public async Task Sites_agents_and_firing_alerts_are_read_per_site()
    {
        await using var store = await CreateAsync();
        store.Seed.AddJob(store.ContosoSiteId, "nightly files");
        await FireAsync(store, "agent:one", muted: false);
        await FireAsync(store, "agent:two", muted: false);
        await FireAsync(store, "agent:three", muted: true);
        await using var view = await OpenAsync(store);

        Assert.Equal(["Contoso Ltd/Head office", "Fabrikam/Branch"], view.ReadSites().Select(s => $"{s.Customer}/{s.Name}").Order());
        var site = Assert.Single(view.ReadSites(store.FabrikamSiteId));
        Assert.Equal((store.FabrikamSiteId, "Branch"), (site.Id, site.Name));
        Assert.Empty(view.ReadSites(store.ContosoSiteId + store.FabrikamSiteId + 1));
        Assert.Equal([store.ContosoSiteId], view.ReadAgents().Select(a => a.SiteId));
        Assert.Equal(new Dictionary<long, int> { [store.ContosoSiteId] = 2 }, view.CountFiringAlerts());
    }

    private static Task<StoreUnderTest> CreateAsync() => ((IStoreBackendFixture)new TBackend()).CreateAsync();

    private static Task<AlertRecord> FireAsync(StoreUnderTest store, string subject, bool muted) => store.Evaluation.InUnitOfWorkAsync(work =>
        work.Alerts.Insert(new RuleFinding("agent_silent", subject, AlertSeverity.Critical, store.ContosoSiteId, null, null, "silent", "no word"),
            Now.ToUnixTimeMilliseconds(), muted, heldBy: null, reopens: null), CancellationToken.None);

    private static Task<IDashboardView> OpenAsync(StoreUnderTest store) => store.DashboardReads.OpenViewAsync(CancellationToken.None);
}

/// <summary>The dashboard reads contract on SQLite.</summary>
public sealed class SqliteDashboardReadsContractTests : DashboardReadsContract<SqliteBackendFixture>;
