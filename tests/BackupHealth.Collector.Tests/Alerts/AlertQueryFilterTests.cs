using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;
using BackupHealth.Collector.Store.Sqlite.Alerts;

namespace BackupHealth.Collector.Tests.Alerts;

/// <summary>The filters the alerts page adds to the alert query: allowed customers, free text, worst first.</summary>
public sealed class AlertQueryFilterTests : IDisposable
{
    private readonly AlertFixture _fx = new();
    private readonly AlertQueries _queries;
    private readonly long _sqlJob;
    private readonly long _filesJob;
    private readonly long _branchJob;

    public AlertQueryFilterTests()
    {
        _queries = new AlertQueries(new SqliteAlertReadStore(_fx.Connections), _fx.Time);
        var contosoAgent = _fx.Seed.AddAgent(_fx.Contoso, "hv01", AlertFixture.Start);
        var fabrikamAgent = _fx.Seed.AddAgent(_fx.Fabrikam, "br01", AlertFixture.Start);
        _sqlJob = _fx.Seed.AddJob(contosoAgent, "sql01", "SQL nightly");
        _filesJob = _fx.Seed.AddJob(contosoAgent, "files01", "File share");
        _branchJob = _fx.Seed.AddJob(fabrikamAgent, "br-sql", "Branch SQL");
    }

    public void Dispose() => _fx.Dispose();

    [Fact]
    public async Task Allowed_customers_are_applied_before_the_limit()
    {
        await FireAsync();

        var fabrikamOnly = await ListAsync(new AlertFilter(null, null, null, null, null, 1) { Customers = new HashSet<string> { "Fabrikam" } });

        var only = Assert.Single(fabrikamOnly);
        Assert.Equal("Fabrikam", only.Customer);
        Assert.Equal(3, (await ListAsync(new AlertFilter(null, null, null, null, null, 10))).Count);
        Assert.Empty(await ListAsync(new AlertFilter(null, null, null, null, null, 10) { Customers = new HashSet<string>() }));
    }

    [Theory]
    [InlineData("sql", new[] { "SQL nightly", "Branch SQL" })]
    [InlineData("FILE SHARE", new[] { "File share" })]
    [InlineData("job:", new[] { "SQL nightly", "File share", "Branch SQL" })]
    [InlineData("nothing like it", new string[0])]
    public async Task Search_finds_the_text_in_job_name_title_or_subject_ignoring_case(string search, string[] jobs)
    {
        await FireAsync();

        var found = await ListAsync(new AlertFilter(null, null, null, null, null, 10) { Search = search });

        Assert.Equal(jobs.Order(StringComparer.Ordinal), found.Select(a => a.JobName!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Worst_first_puts_firing_critical_before_firing_warning_before_acknowledged_whatever_their_age()
    {
        _fx.JobFailed.Findings.Add(_fx.Seed.JobFinding("job_failed", _sqlJob, AlertSeverity.Critical));
        await _fx.EvaluateAsync();
        _fx.Time.Advance(TimeSpan.FromMinutes(1));
        _fx.JobFailed.Findings.Add(_fx.Seed.JobFinding("job_failed", _filesJob, AlertSeverity.Warning));
        await _fx.EvaluateAsync();
        _fx.Time.Advance(TimeSpan.FromMinutes(1));
        _fx.JobFailed.Findings.Add(_fx.Seed.JobFinding("job_failed", _branchJob, AlertSeverity.Critical));
        await _fx.EvaluateAsync();
        var newest = (await ListAsync(new AlertFilter(null, null, null, null, null, 10)))[0];
        await _fx.Commands.AcknowledgeAsync(newest.Id, "tech1", "looking");

        var newestFirst = await ListAsync(new AlertFilter(null, null, null, null, null, 10));
        var worstFirst = await ListAsync(new AlertFilter(null, null, null, null, null, 10) { WorstFirst = true });

        Assert.Equal(["Branch SQL", "File share", "SQL nightly"], newestFirst.Select(a => a.JobName));
        Assert.Equal(["SQL nightly", "File share", "Branch SQL"], worstFirst.Select(a => a.JobName));
    }

    [Fact]
    public async Task Occurrences_are_the_other_alerts_of_the_same_rule_and_subject()
    {
        _fx.JobFailed.Findings.Add(_fx.Seed.JobFinding("job_failed", _sqlJob));
        await _fx.EvaluateAsync();
        var first = Assert.Single(await ListAsync(new AlertFilter(null, null, null, null, null, 10)));
        await _fx.Commands.ResolveAsync(first.Id, "tech1", "fixed");
        _fx.Time.Advance(TimeSpan.FromHours(1));
        await _fx.EvaluateAsync();
        var second = (await ListAsync(new AlertFilter("open", null, null, null, null, 10))).Single();

        var occurrences = await _queries.GetOccurrencesAsync(second, 10, CancellationToken.None);

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal([first.Id], occurrences.Select(a => a.Id));
    }

    private async Task FireAsync()
    {
        _fx.JobFailed.Findings.AddRange([
            _fx.Seed.JobFinding("job_failed", _sqlJob),
            _fx.Seed.JobFinding("job_failed", _filesJob),
            _fx.Seed.JobFinding("job_failed", _branchJob),
        ]);
        await _fx.EvaluateAsync();
    }

    private Task<IReadOnlyList<AlertDto>> ListAsync(AlertFilter filter) => _queries.GetAlertsAsync(filter, CancellationToken.None);
}
