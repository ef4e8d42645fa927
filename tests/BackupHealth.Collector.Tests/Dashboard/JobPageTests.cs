using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Health;

namespace BackupHealth.Collector.Tests.Dashboard;

public sealed class JobPageTests : IDisposable
{
    private static readonly DateTimeOffset Now = DashboardFixture.Now;
    private readonly DashboardFixture _f = new();
    private readonly long _job;

    /// <summary>A daily job at 02:00 for 20 days up to today; the run of 5 June failed.</summary>
    public JobPageTests()
    {
        var agent = _f.Seed.AddAgent(_f.HeadOffice, "hv01", Now);
        _job = _f.DailyJob(agent, "SQL nightly");
        _f.Seed.AddRun(_job, "failed", new DateTimeOffset(2025, 6, 5, 3, 0, 0, TimeSpan.Zero), size: 5, message: "disk full");
        _f.Touch(_job);
    }

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task The_page_has_the_job_its_learned_expectation_and_its_health()
    {
        var page = (await _f.Jobs.GetAsync(_job, 1, 10, null, CancellationToken.None))!;

        Assert.Equal(("Contoso Ltd", "Head office", "hv01", "hv01.example.test", "SQL nightly", "files", "vm01", false),
            (page.Job.Customer, page.Job.Site, page.Job.AgentKey, page.Job.AgentHost, page.Job.Name, page.Job.SourceKind, page.Job.ProtectedObject, page.Job.Disabled));
        Assert.Equal(JobHealthState.Ok, page.Health);
        var e = page.Expectation;
        Assert.Equal((ExpectationSource.Learned, "learned", TimeSpan.FromDays(1), TimeSpan.FromHours(6)), (e.Source, e.SourceName, e.Interval, e.Grace));
        Assert.Equal("every 1 d, grace 6 h (learned)", e.Description);
        Assert.Equal(new DateTimeOffset(2025, 6, 7, 2, 0, 0, TimeSpan.Zero), e.LastCompleted);
        Assert.Equal(new DateTimeOffset(2025, 6, 8, 8, 0, 0, TimeSpan.Zero), e.NextDeadline);
        Assert.False(e.Overdue);
        Assert.Null(e.Setting);
    }

    [Fact]
    public async Task A_set_expectation_shows_who_set_it_and_counts_at_once()
    {
        await _f.ExpectationStore.SetAsync(_job, new ExpectationSetting(TimeSpan.FromHours(1), null, TimeSpan.FromMinutes(10)), "Dana", Now.AddMinutes(-1), CancellationToken.None);

        var page = (await _f.Jobs.GetAsync(_job, 1, 10, null, CancellationToken.None))!;

        Assert.Equal(JobHealthState.Missed, page.Health);
        Assert.Equal(("set", "every 1 h, grace 10 min (set)", "Dana", Now.AddMinutes(-1)),
            (page.Expectation.SourceName, page.Expectation.Description, page.Expectation.UpdatedBy, page.Expectation.UpdatedAt));
        Assert.True(page.Expectation.Overdue);
        Assert.Equal(TimeSpan.FromHours(1), page.Expectation.Setting?.Interval);
    }

    [Fact]
    public async Task Runs_come_newest_first_in_pages()
    {
        var first = (await _f.Jobs.GetAsync(_job, 1, 8, null, CancellationToken.None))!;
        var last = (await _f.Jobs.GetAsync(_job, 3, 8, null, CancellationToken.None))!;
        var beyond = (await _f.Jobs.GetAsync(_job, 4, 8, null, CancellationToken.None))!;

        Assert.Equal((21, 3, false, true), (first.Runs.TotalRuns, first.Runs.Pages, first.Runs.HasPrevious, first.Runs.HasNext));
        Assert.Equal(8, first.Runs.Runs.Count);
        Assert.True(first.Runs.Runs.Zip(first.Runs.Runs.Skip(1)).All(p => p.First.RunTime >= p.Second.RunTime));
        Assert.Equal((5, true, false), (last.Runs.Runs.Count, last.Runs.HasPrevious, last.Runs.HasNext));
        Assert.Empty(beyond.Runs.Runs);
        var failed = first.Runs.Runs.Single(r => r.Status == "failed");
        Assert.Equal(("disk full", "5 B", "10 min", TimeSpan.FromMinutes(10), "passed"), (failed.Message, failed.SizeText, failed.DurationText, failed.Duration, failed.Verification));
    }

    [Fact]
    public async Task The_chart_gets_the_newest_finished_runs_oldest_first_with_failures_marked()
    {
        _f.Seed.AddRun(_job, "running", Now.AddMinutes(-5));
        _f.Touch(_job);

        var page = (await _f.Jobs.GetAsync(_job, 1, 10, null, CancellationToken.None, chartRuns: 6))!;

        // The six newest runs less the one still running: 4 June, 5 June 02:00, 5 June 03:00 (failed), 6 and 7 June.
        Assert.Equal(5, page.ChartRuns.Count);
        Assert.True(page.ChartRuns.Zip(page.ChartRuns.Skip(1)).All(p => p.First.Time < p.Second.Time));
        Assert.Equal([false, false, true, false, false], page.ChartRuns.Select(r => r.Failed));
        Assert.Equal(JobHealthState.Running, page.Health);
    }

    [Fact]
    public async Task A_job_of_a_customer_the_user_may_not_see_or_that_does_not_exist_gives_nothing()
    {
        var fabrikam = _f.CustomerOf(_f.Branch);

        Assert.Null(await _f.Jobs.GetAsync(_job, 1, 10, new HashSet<long> { fabrikam }, CancellationToken.None));
        Assert.Null(await _f.Jobs.GetAsync(999_999, 1, 10, null, CancellationToken.None));
        Assert.NotNull(await _f.Jobs.GetAsync(_job, 1, 10, new HashSet<long> { _f.CustomerOf(_f.HeadOffice) }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _f.Jobs.GetAsync(_job, 0, 10, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_disabled_job_says_so()
    {
        _f.Disable(_job);

        var page = (await _f.Jobs.GetAsync(_job, 1, 10, null, CancellationToken.None))!;

        Assert.True(page.Job.Disabled);
        Assert.Equal(JobHealthState.Disabled, page.Health);
    }
}
