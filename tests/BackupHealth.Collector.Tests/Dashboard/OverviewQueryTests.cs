using BackupHealth.Collector.Dashboard.Overview;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Health;

namespace BackupHealth.Collector.Tests.Dashboard;

public sealed class OverviewQueryTests : IDisposable
{
    private static readonly DateTimeOffset Now = DashboardFixture.Now;
    private readonly DashboardFixture _f = new();
    private readonly long _sqlNightly;
    private readonly long _filesDaily;

    /// <summary>Head office: a daily job that ran today and one that stopped three days ago (failing). Warehouse: a
    /// daily job whose last run warned (warning). Fabrikam's Branch: a healthy job, but its agent has not been heard
    /// from for an hour (silent).</summary>
    public OverviewQueryTests()
    {
        var hv01 = _f.Seed.AddAgent(_f.HeadOffice, "hv01", Now);
        _sqlNightly = _f.DailyJob(hv01, "SQL nightly");
        _filesDaily = _f.DailyJob(hv01, "Files daily", lastDay: Now.AddDays(-3));
        var wh01 = _f.Seed.AddAgent(_f.Warehouse, "wh01", Now);
        _f.DailyJob(wh01, "Warehouse daily", status: "warning");
        var br01 = _f.Seed.AddAgent(_f.Branch, "br01", Now.AddHours(-1), connected: false);
        _f.DailyJob(br01, "Branch daily");
    }

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Customers_and_sites_come_problems_first_failing_silent_warning_healthy()
    {
        var overview = await _f.Overview.GetAsync(OverviewFilter.All, CancellationToken.None);

        Assert.Equal([("Contoso Ltd", SiteHealth.Failing), ("Fabrikam", SiteHealth.Silent)], overview.Customers.Select(c => (c.Name, c.Health)));
        Assert.Equal([("Head office", SiteHealth.Failing), ("Warehouse", SiteHealth.Warning)], overview.Customers[0].Sites.Select(s => (s.Name, s.Health)));
        Assert.Equal(new SiteCounts(1, 1, 1, 0), overview.Sites);
        Assert.Equal(new JobCounts(0, 1, 0, 1, 0, 2), overview.Jobs);
    }

    [Fact]
    public async Task A_job_past_its_learned_daily_deadline_is_missed_and_a_weekly_setting_makes_it_ok()
    {
        var before = await HeadOfficeAsync();
        await _f.ExpectationStore.SetAsync(_filesDaily, new ExpectationSetting(TimeSpan.FromDays(7), null, null), "tech", Now, CancellationToken.None);
        var after = await HeadOfficeAsync();

        Assert.Equal(1, before.Jobs.Missed);
        Assert.Equal("1 missed", before.Summary);
        Assert.Equal(SiteHealth.Healthy, after.Health);
        Assert.Equal(new JobCounts(0, 0, 0, 0, 0, 2), after.Jobs);
        Assert.Equal("2 jobs ok", after.Summary);
    }

    [Fact]
    public async Task A_new_run_is_seen_at_once_although_the_history_is_cached()
    {
        var before = await HeadOfficeAsync();
        _f.Seed.AddRun(_filesDaily, "success", Now.AddMinutes(-5));
        _f.Touch(_filesDaily);
        var after = await HeadOfficeAsync();

        Assert.Equal(SiteHealth.Failing, before.Health);
        Assert.Equal(SiteHealth.Healthy, after.Health);
    }

    [Fact]
    public async Task A_failed_run_makes_the_site_failing_and_a_disabled_job_a_warning()
    {
        _f.Seed.AddRun(_sqlNightly, "failed", Now.AddMinutes(-5));
        _f.Touch(_sqlNightly);
        var wh = await _f.Overview.GetAsync(OverviewFilter.All, CancellationToken.None);
        var warehouseJob = _f.Seed.Query("SELECT j.id FROM jobs j JOIN agents a ON a.id = j.agent_id WHERE a.site_id = " + _f.Warehouse, r => r.GetInt64(0)).Single();
        _f.Seed.AddRun(warehouseJob, "success", Now.AddMinutes(-1));
        _f.Touch(warehouseJob);
        _f.Disable(warehouseJob);

        var overview = await _f.Overview.GetAsync(OverviewFilter.All, CancellationToken.None);

        Assert.Equal(1, wh.Customers[0].Sites[0].Jobs.Failed);
        var warehouse = overview.Customers.SelectMany(c => c.Sites).Single(s => s.Id == _f.Warehouse);
        Assert.Equal(SiteHealth.Warning, warehouse.Health);
        Assert.Equal(1, warehouse.Jobs.Disabled);
        Assert.Equal("1 disabled", warehouse.Summary);
    }

    [Fact]
    public async Task A_site_is_silent_when_all_its_agents_are_and_warns_when_some_are()
    {
        _f.Seed.AddAgent(_f.Warehouse, "wh02", Now.AddMinutes(-6), connected: false);
        var justQuiet = _f.Seed.AddAgent(_f.Branch, "br02", Now.AddMinutes(-4), connected: false);

        var overview = await _f.Overview.GetAsync(OverviewFilter.All, CancellationToken.None);
        _f.Time.Advance(TimeSpan.FromMinutes(2));
        var later = await _f.Overview.GetAsync(OverviewFilter.All, CancellationToken.None);

        var branch = overview.Customers.SelectMany(c => c.Sites).Single(s => s.Id == _f.Branch);
        Assert.Equal((SiteHealth.Warning, 2, 0, 1, Now.AddMinutes(-4)), (branch.Health, branch.AgentsTotal, branch.AgentsConnected, branch.AgentsSilent, branch.LastSeen));
        Assert.Equal("1 of 2 agents silent", branch.Summary);
        var warehouse = overview.Customers.SelectMany(c => c.Sites).Single(s => s.Id == _f.Warehouse);
        Assert.Equal(SiteHealth.Warning, warehouse.Health);
        Assert.Equal(1, warehouse.AgentsSilent);
        var branchLater = later.Customers.SelectMany(c => c.Sites).Single(s => s.Id == _f.Branch);
        Assert.Equal((SiteHealth.Silent, "all 2 agents silent"), (branchLater.Health, branchLater.Summary));
        Assert.True(justQuiet > 0);
    }

    [Fact]
    public async Task A_site_no_agent_ever_connected_to_is_silent()
    {
        using var f = new DashboardFixture();

        var overview = await f.Overview.GetAsync(OverviewFilter.All, CancellationToken.None);

        Assert.All(overview.Customers.SelectMany(c => c.Sites), s => Assert.Equal((SiteHealth.Silent, "no agent has connected", (DateTimeOffset?)null),
            (s.Health, s.Summary, s.LastSeen)));
    }

    [Fact]
    public async Task A_user_limited_to_some_customers_sees_only_them_in_sites_and_totals()
    {
        var fabrikam = _f.CustomerOf(_f.Branch);

        var overview = await _f.Overview.GetAsync(new OverviewFilter(AllowedCustomerIds: new HashSet<long> { fabrikam }), CancellationToken.None);
        var none = await _f.Overview.GetAsync(new OverviewFilter(AllowedCustomerIds: new HashSet<long>()), CancellationToken.None);

        Assert.Equal(["Fabrikam"], overview.Customers.Select(c => c.Name));
        Assert.Equal(new SiteCounts(0, 1, 0, 0), overview.Sites);
        Assert.Equal(1, overview.Jobs.Total);
        Assert.Empty(none.Customers);
        Assert.Equal(0, none.Jobs.Total);
    }

    [Fact]
    public async Task Search_matches_customer_site_agent_and_job_names_and_health_filters_keep_the_totals()
    {
        async Task<IEnumerable<string>> Sites(OverviewFilter filter) =>
            (await _f.Overview.GetAsync(filter, CancellationToken.None)).Customers.SelectMany(c => c.Sites).Select(s => s.Name);

        Assert.Equal(["Head office", "Warehouse"], await Sites(new OverviewFilter(Search: "contoso")));
        Assert.Equal(["Warehouse"], await Sites(new OverviewFilter(Search: " WH01 ")));
        Assert.Equal(["Head office"], await Sites(new OverviewFilter(Search: "files DAILY")));
        Assert.Equal(["Branch"], await Sites(new OverviewFilter(Search: "branch")));
        Assert.Empty(await Sites(new OverviewFilter(Search: "nothing like it")));
        var problems = await _f.Overview.GetAsync(new OverviewFilter(Health: new HashSet<SiteHealth> { SiteHealth.Silent, SiteHealth.Warning }), CancellationToken.None);
        // Customers by their worst site shown: Fabrikam's silent branch before Contoso's warning warehouse.
        Assert.Equal(["Branch", "Warehouse"], problems.Customers.SelectMany(c => c.Sites).Select(s => s.Name));
        Assert.Equal(3, problems.Sites.Total);
    }

    [Fact]
    public async Task Firing_alerts_count_only_when_unacknowledged_and_unmuted()
    {
        _f.FiringAlert(_f.HeadOffice);
        _f.FiringAlert(_f.HeadOffice);
        _f.FiringAlert(_f.HeadOffice, state: "acknowledged");
        _f.FiringAlert(_f.HeadOffice, muted: true);
        _f.FiringAlert(_f.HeadOffice, state: "resolved");

        var overview = await _f.Overview.GetAsync(OverviewFilter.All, CancellationToken.None);

        var sites = overview.Customers.SelectMany(c => c.Sites).ToDictionary(s => s.Id, s => s.FiringAlerts);
        Assert.Equal(2, sites[_f.HeadOffice]);
        Assert.Equal(0, sites[_f.Branch]);
    }

    private async Task<SiteOverview> HeadOfficeAsync() =>
        (await _f.Overview.GetAsync(OverviewFilter.All, CancellationToken.None)).Customers.SelectMany(c => c.Sites).Single(s => s.Id == _f.HeadOffice);
}
