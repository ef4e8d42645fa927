using BackupHealth.Collector.Dashboard.Grid;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Health;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Testing;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Tests.Dashboard;

/// <summary>Now is Saturday 7 June 2025, 12:00 UTC; a 14-day grid shows Sunday 25 May to today.</summary>
public sealed class StatusGridTests : IDisposable
{
    private static readonly DateTimeOffset Now = DashboardFixture.Now;
    private static readonly DateOnly Today = new(2025, 6, 7);
    private readonly DashboardFixture _f = new();
    private readonly long _agent;

    public StatusGridTests() => _agent = _f.Seed.AddAgent(_f.HeadOffice, "hv01", Now);

    public void Dispose() => _f.Dispose();

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2025, month, day, hour, minute, 0, TimeSpan.Zero);

    private long Job(string name, DateTimeOffset? firstSeen = null) =>
        _f.Seed.AddJob(_agent, name.ToLowerInvariant(), name, firstSeen ?? At(5, 1, 0));

    private async Task<GridRow> RowAsync(long jobId, int days = 14, DashboardFixture? fixture = null) =>
        (await (fixture ?? _f).Grid.GetAsync(_f.HeadOffice, days, null, CancellationToken.None))!.Rows.Single(r => r.JobId == jobId);

    private static GridCell Cell(GridRow row, int month, int day) => row.Cells.Single(c => c.Day == new DateOnly(2025, month, day));

    [Fact]
    public async Task A_day_shows_its_last_run_and_a_day_without_the_expected_run_is_missed()
    {
        var job = Job("SQL nightly");
        for (var d = At(5, 10, 2); d <= Now; d = d.AddDays(1))
        {
            if (d.Day is 1 or 2 or 3 or 4)
            {
                continue;
            }

            _f.Seed.AddRun(job, "success", d);
        }

        _f.Seed.AddRun(job, "failed", At(6, 2, 2));
        _f.Seed.AddRun(job, "success", At(6, 2, 4));
        _f.Seed.AddRun(job, "warning", At(6, 3, 2));
        _f.Seed.AddRun(job, "failed", At(6, 4, 2));
        _f.Touch(job);

        var row = await RowAsync(job);

        Assert.Equal(14, row.Cells.Count);
        Assert.Equal((DayOutcome.Missed, 0), (Cell(row, 6, 1).Outcome, Cell(row, 6, 1).Runs));
        Assert.Equal("missed: a completed run was due at 02:00 (+ grace 6 h); none came", Cell(row, 6, 1).Tooltip);
        Assert.Equal((DayOutcome.Success, 2, 1, 1), (Cell(row, 6, 2).Outcome, Cell(row, 6, 2).Runs, Cell(row, 6, 2).Succeeded, Cell(row, 6, 2).Failed));
        Assert.Equal("2 runs; the last, at 04:00, succeeded; 1 earlier failure", Cell(row, 6, 2).Tooltip);
        Assert.Equal(DayOutcome.Warning, Cell(row, 6, 3).Outcome);
        Assert.Equal((DayOutcome.Failed, "run at 02:00 failed"), (Cell(row, 6, 4).Outcome, Cell(row, 6, 4).Tooltip));
        Assert.All(row.Cells.Where(c => c.Day is { Month: 5 } || c.Day.Day >= 5), c => Assert.Equal(DayOutcome.Success, c.Outcome));
        Assert.Equal("every 1 d, grace 6 h (learned)", row.Expectation);
    }

    [Fact]
    public async Task A_day_whose_last_backup_failed_verification_is_failed_not_green()
    {
        var job = Job("Xen export");
        for (var d = At(5, 20, 1); d <= Now; d = d.AddDays(1))
        {
            _f.Seed.AddRun(job, "success", d, verification: d.Day == 6 ? "failed" : "passed");
        }

        _f.Touch(job);

        var row = await RowAsync(job);

        Assert.Equal((DayOutcome.Failed, "run at 01:00 ran, but its backup failed verification"), (Cell(row, 6, 6).Outcome, Cell(row, 6, 6).Tooltip));
        Assert.Equal(DayOutcome.Success, Cell(row, 6, 5).Outcome);
        Assert.Equal(DayOutcome.Success, Cell(row, 6, 7).Outcome);
    }

    [Fact]
    public async Task Weekends_of_a_weekday_schedule_expect_nothing_and_a_skipped_weekday_is_missed()
    {
        var job = Job("Files weekdays");
        for (var d = At(5, 12, 22); d < Now; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && d.Day != 4)
            {
                _f.Seed.AddRun(job, "success", d);
            }
        }

        _f.Touch(job);
        await _f.ExpectationStore.SetAsync(job, new ExpectationSetting(null, "weekdays 22:00 UTC", null), "tech", Now, CancellationToken.None);

        var row = await RowAsync(job);

        var byOutcome = row.Cells.ToLookup(c => c.Outcome, c => c.Day.Day);
        Assert.Equal([25, 31, 1, 7], byOutcome[DayOutcome.NothingExpected]);
        Assert.Equal([4], byOutcome[DayOutcome.Missed]);
        Assert.Equal([26, 27, 28, 29, 30, 2, 3, 5, 6], byOutcome[DayOutcome.Success]);
        Assert.Equal("no run expected", Cell(row, 6, 1).Tooltip);
    }

    [Fact]
    public async Task Every_day_of_an_outage_is_missed_and_today_is_pending_until_its_deadline()
    {
        var job = Job("Nightly at ten");
        for (var d = At(5, 10, 22); d <= At(6, 3, 22); d = d.AddDays(1))
        {
            _f.Seed.AddRun(job, "success", d);
        }

        _f.Touch(job);

        var row = await RowAsync(job);

        Assert.Equal([DayOutcome.Success, DayOutcome.Missed, DayOutcome.Missed, DayOutcome.Missed, DayOutcome.Pending],
            row.Cells.TakeLast(5).Select(c => c.Outcome));
        Assert.Equal("due at 22:00 (+ grace 6 h)", row.Cells[^1].Tooltip);
        Assert.Equal(JobHealthState.Missed, row.Health);
    }

    [Fact]
    public async Task A_frequent_job_silent_for_a_year_is_missed_on_every_day_of_the_grid()
    {
        var job = Job("Log shipping", firstSeen: At(5, 1, 0).AddYears(-1));
        for (var i = 0; i < 10; i++)
        {
            _f.Seed.AddRun(job, "success", At(5, 1, 0).AddYears(-1).AddMinutes(5 * i));
        }

        _f.Touch(job);
        await _f.ExpectationStore.SetAsync(job, new ExpectationSetting(TimeSpan.FromMinutes(5), null, TimeSpan.FromMinutes(5)), "tech", Now, CancellationToken.None);

        var row = await RowAsync(job, days: 30);

        Assert.All(row.Cells, c => Assert.Equal(DayOutcome.Missed, c.Outcome));
    }

    [Fact]
    public async Task A_run_in_progress_today_shows_as_running()
    {
        var job = Job("Running now");
        for (var d = At(5, 20, 2); d <= At(6, 6, 2); d = d.AddDays(1))
        {
            _f.Seed.AddRun(job, "success", d);
        }

        _f.Seed.AddRun(job, "running", Now.AddMinutes(-30));
        _f.Touch(job);

        var row = await RowAsync(job);

        Assert.Equal((DayOutcome.Running, "running since 11:30"), (row.Cells[^1].Outcome, row.Cells[^1].Tooltip));
    }

    [Fact]
    public async Task Days_before_the_job_was_first_seen_expect_nothing()
    {
        var job = Job("New job", firstSeen: At(6, 5, 1));
        _f.Seed.AddRun(job, "success", At(6, 5, 2));
        _f.Seed.AddRun(job, "success", At(6, 6, 2));
        _f.Seed.AddRun(job, "success", At(6, 7, 2));
        _f.Touch(job);

        var row = await RowAsync(job);

        Assert.All(row.Cells.Take(11), c => Assert.Equal((DayOutcome.NothingExpected, "before the job was first seen"), (c.Outcome, c.Tooltip)));
        Assert.All(row.Cells.Skip(11), c => Assert.Equal(DayOutcome.Success, c.Outcome));
    }

    [Fact]
    public async Task Days_are_calendar_days_of_the_configured_time_zone()
    {
        using var amsterdam = new DashboardFixture("Europe/Amsterdam");
        var agent = amsterdam.Seed.AddAgent(amsterdam.HeadOffice, "hv01", Now);
        var job = amsterdam.Seed.AddJob(agent, "late", "Late job", At(5, 1, 0));
        // 23:30 UTC on 5 June is 01:30 on 6 June in Amsterdam (UTC+2 in summer).
        amsterdam.Seed.AddRun(job, "failed", At(6, 5, 23, 30));
        amsterdam.Touch(job);
        using var utc = new DashboardFixture();
        var utcAgent = utc.Seed.AddAgent(utc.HeadOffice, "hv01", Now);
        var utcJob = utc.Seed.AddJob(utcAgent, "late", "Late job", At(5, 1, 0));
        utc.Seed.AddRun(utcJob, "failed", At(6, 5, 23, 30));
        utc.Touch(utcJob);

        var local = (await amsterdam.Grid.GetAsync(amsterdam.HeadOffice, 14, null, CancellationToken.None))!;
        var inUtc = (await utc.Grid.GetAsync(utc.HeadOffice, 14, null, CancellationToken.None))!;

        Assert.Equal("Europe/Amsterdam", local.TimeZone);
        Assert.Equal((DayOutcome.Failed, "run at 01:30 failed"), (Cell(local.Rows[0], 6, 6).Outcome, Cell(local.Rows[0], 6, 6).Tooltip));
        Assert.NotEqual(DayOutcome.Failed, Cell(local.Rows[0], 6, 5).Outcome);
        Assert.Equal((DayOutcome.Failed, "run at 23:30 failed"), (Cell(inUtc.Rows[0], 6, 5).Outcome, Cell(inUtc.Rows[0], 6, 5).Tooltip));
        Assert.NotEqual(DayOutcome.Failed, Cell(inUtc.Rows[0], 6, 6).Outcome);
    }

    [Fact]
    public async Task The_grid_shows_14_or_30_days_ending_today_and_nothing_else()
    {
        var grid30 = (await _f.Grid.GetAsync(_f.HeadOffice, 30, null, CancellationToken.None))!;
        var grid14 = (await _f.Grid.GetAsync(_f.HeadOffice, 14, null, CancellationToken.None))!;

        Assert.Equal((30, new DateOnly(2025, 5, 9), Today), (grid30.Days.Count, grid30.Days[0], grid30.Days[^1]));
        Assert.Equal((14, new DateOnly(2025, 5, 25)), (grid14.Days.Count, grid14.Days[0]));
        foreach (var days in new[] { 0, 7, 15, 31, 90 })
        {
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _f.Grid.GetAsync(_f.HeadOffice, days, null, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Rows_come_problems_first_then_by_name()
    {
        var ok = Job("alpha ok");
        var failed = Job("Zulu failed");
        var warned = Job("beta warned");
        foreach (var (job, last) in new[] { (ok, "success"), (failed, "failed"), (warned, "warning") })
        {
            for (var d = At(5, 20, 2); d <= At(6, 7, 2); d = d.AddDays(1))
            {
                _f.Seed.AddRun(job, d.Day == 7 ? last : "success", d);
            }

            _f.Touch(job);
        }

        var grid = (await _f.Grid.GetAsync(_f.HeadOffice, 14, null, CancellationToken.None))!;

        Assert.Equal(["Zulu failed", "beta warned", "alpha ok"], grid.Rows.Select(r => r.Name));
        Assert.Equal([JobHealthState.Failed, JobHealthState.Warning, JobHealthState.Ok], grid.Rows.Select(r => r.Health));
    }

    [Fact]
    public async Task A_site_of_a_customer_the_user_may_not_see_or_that_does_not_exist_gives_nothing()
    {
        var contoso = _f.CustomerOf(_f.HeadOffice);
        var fabrikam = _f.CustomerOf(_f.Branch);

        Assert.NotNull(await _f.Grid.GetAsync(_f.HeadOffice, 14, new HashSet<long> { contoso }, CancellationToken.None));
        Assert.Null(await _f.Grid.GetAsync(_f.HeadOffice, 14, new HashSet<long> { fabrikam }, CancellationToken.None));
        Assert.Null(await _f.Grid.GetAsync(9999, 14, null, CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_time_zone_stops_the_collector_naming_the_setting_and_a_windows_id_is_accepted()
    {
        using var data = new TempDirectory();
        var (bad, _, _) = TestCollector.Build(data, s => s["Collector:Dashboard:TimeZone"] = "Mars/Olympus_Mons");
        await using (bad)
        {
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => bad.StartAsync());
            Assert.Contains(error.Failures, f => f.StartsWith("Collector:Dashboard:TimeZone: unknown time zone 'Mars/Olympus_Mons'", StringComparison.Ordinal));
        }

        var validator = new BackupHealth.Collector.Dashboard.DashboardOptionsValidator();
        Assert.True(validator.Validate(null, new() { TimeZone = "W. Europe Standard Time" }).Succeeded);
        Assert.Contains("Collector:Dashboard:TimeZone", validator.Validate(null, new() { TimeZone = "" }).FailureMessage, StringComparison.Ordinal);
    }
}
