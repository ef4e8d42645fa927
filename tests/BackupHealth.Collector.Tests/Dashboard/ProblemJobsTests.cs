using BackupHealth.Collector.Dashboard.Grid;
using BackupHealth.Collector.Dashboard.Overview;
using BackupHealth.Collector.Dashboard.Problems;
using BackupHealth.Collector.Health;

namespace BackupHealth.Collector.Tests.Dashboard;

/// <summary>The morning check: problem jobs under their site on the overview, and every problem of every site on one
/// grid, worst first, within the customers a user may see.</summary>
public sealed class ProblemJobsTests : IDisposable
{
    private static readonly DateTimeOffset Now = DashboardFixture.Now;
    private readonly DashboardFixture _f = new();
    private readonly long _branchDaily;

    /// <summary>Head office: "SQL nightly" failed five minutes ago, "Files daily" stopped three days ago (missed), "Mail
    /// daily" is fine. Warehouse: "Warehouse daily" warned today. Fabrikam's Branch: a fine job, but its agent has not
    /// been heard from for an hour (silent).</summary>
    public ProblemJobsTests()
    {
        var hv01 = _f.Seed.AddAgent(_f.HeadOffice, "hv01", Now);
        var sql = _f.DailyJob(hv01, "SQL nightly");
        _f.Seed.AddRun(sql, "failed", Now.AddMinutes(-5), message: "repository disk full");
        _f.Touch(sql);
        _f.DailyJob(hv01, "Files daily", lastDay: Now.AddDays(-3));
        _f.DailyJob(hv01, "Mail daily");
        var wh01 = _f.Seed.AddAgent(_f.Warehouse, "wh01", Now);
        _f.DailyJob(wh01, "Warehouse daily", status: "warning");
        var br01 = _f.Seed.AddAgent(_f.Branch, "br01", Now.AddHours(-1), connected: false);
        _branchDaily = _f.DailyJob(br01, "Branch daily");
    }

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task The_overview_lists_each_sites_problem_jobs_worst_first_with_why_and_their_last_seven_days()
    {
        var overview = await _f.Overview.GetAsync(OverviewFilter.All, CancellationToken.None);

        var sites = overview.Customers.SelectMany(c => c.Sites).ToDictionary(s => s.Id);
        var head = sites[_f.HeadOffice].ProblemJobs;
        Assert.Equal([("SQL nightly", JobHealthState.Failed), ("Files daily", JobHealthState.Missed)], head.Select(p => (p.Job.Name, p.Job.Health)));
        Assert.Equal(new ProblemReason("failed", Now.AddMinutes(-5), "repository disk full"), head[0].Reason);
        Assert.Equal(new ProblemReason("missed, last backup", new DateTimeOffset(2025, 6, 4, 2, 0, 0, TimeSpan.Zero)), head[1].Reason);
        var week = Enumerable.Range(1, 7).Select(d => new DateOnly(2025, 6, d)).ToList();
        Assert.Equal(week, overview.ProblemDays);
        Assert.All(head, p => Assert.Equal(week, p.Job.Cells.Select(c => c.Day)));
        Assert.Equal([.. Enumerable.Repeat(DayOutcome.Success, 6), DayOutcome.Failed], head[0].Job.Cells.Select(c => c.Outcome));
        Assert.Equal([.. Enumerable.Repeat(DayOutcome.Success, 4), DayOutcome.Missed, DayOutcome.Missed, DayOutcome.Missed],
            head[1].Job.Cells.Select(c => c.Outcome));
        var warehouse = Assert.Single(sites[_f.Warehouse].ProblemJobs);
        Assert.Equal(("Warehouse daily", "warning", Now.Date.AddHours(2)), (warehouse.Job.Name, warehouse.Reason.What, warehouse.Reason.Since?.UtcDateTime));
        Assert.Empty(sites[_f.Branch].ProblemJobs);
    }

    [Fact]
    public async Task A_disabled_job_and_a_failed_verification_say_so()
    {
        var hv02 = _f.Seed.AddAgent(_f.HeadOffice, "hv02", Now);
        var disabled = _f.DailyJob(hv02, "Old share");
        _f.Disable(disabled);
        var corrupt = _f.Seed.AddJob(hv02, "export", "DC export", firstSeen: Now.AddDays(-3));
        _f.Seed.AddRun(corrupt, "success", Now.AddHours(-2), verification: "failed");
        _f.Seed.Execute("UPDATE observations SET verification_detail = 'chunk 12 checksum mismatch' WHERE job_id = $p0", corrupt);
        _f.Touch(corrupt);

        var overview = await _f.Overview.GetAsync(OverviewFilter.All, CancellationToken.None);

        var reasons = overview.Customers.SelectMany(c => c.Sites).SelectMany(s => s.ProblemJobs).ToDictionary(p => p.Job.Name, p => p.Reason);
        Assert.Equal(new ProblemReason("disabled at the source"), reasons["Old share"]);
        Assert.Equal(new ProblemReason("verification failed", Now.AddHours(-2), "chunk 12 checksum mismatch"), reasons["DC export"]);
    }

    [Fact]
    public async Task Problems_only_lists_every_problem_of_every_site_worst_first()
    {
        var grid = await _f.Problems.GetAsync(14, null, CancellationToken.None);

        Assert.Equal(
            [
                ("Head office", "SQL nightly", ProblemRank.Failed),
                ("Head office", "Files daily", ProblemRank.Missed),
                ("Branch", null, ProblemRank.SiteSilent),
                ("Warehouse", "Warehouse daily", ProblemRank.Warning),
            ],
            grid.Rows.Select(r => (r.Site.Name, r.Job?.Name, r.Rank)));
        Assert.Equal(14, grid.Days.Count);
        Assert.All(grid.Rows.Where(r => r.Job is not null), r => Assert.Equal(grid.Days, r.Job!.Cells.Select(c => c.Day)));
        Assert.Equal(new ProblemReason("all 1 agent silent, last heard", Now.AddHours(-1)), grid.Rows[2].Reason);
        Assert.Equal("UTC", grid.TimeZone);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _f.Problems.GetAsync(7, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_user_limited_to_some_customers_sees_only_their_problems()
    {
        _f.Seed.AddRun(_branchDaily, "failed", Now.AddMinutes(-1));
        _f.Touch(_branchDaily);
        var contoso = _f.CustomerOf(_f.HeadOffice);
        var fabrikam = _f.CustomerOf(_f.Branch);

        var contosoGrid = await _f.Problems.GetAsync(14, new HashSet<long> { contoso }, CancellationToken.None);
        var fabrikamGrid = await _f.Problems.GetAsync(30, new HashSet<long> { fabrikam }, CancellationToken.None);
        var nobody = await _f.Problems.GetAsync(14, new HashSet<long>(), CancellationToken.None);
        var contosoOverview = await _f.Overview.GetAsync(new OverviewFilter(AllowedCustomerIds: new HashSet<long> { contoso }), CancellationToken.None);

        Assert.Equal(["SQL nightly", "Files daily", "Warehouse daily"], contosoGrid.Rows.Select(r => r.Job?.Name));
        Assert.All(contosoGrid.Rows, r => Assert.Equal(contoso, r.Site.CustomerId));
        Assert.Equal([("Branch daily", ProblemRank.Failed), (null, ProblemRank.SiteSilent)], fabrikamGrid.Rows.Select(r => (r.Job?.Name, r.Rank)));
        Assert.Equal(30, fabrikamGrid.Days.Count);
        Assert.Empty(nobody.Rows);
        Assert.DoesNotContain(contosoOverview.Customers.SelectMany(c => c.Sites).SelectMany(s => s.ProblemJobs), p => p.Job.Name == "Branch daily");
    }
}
