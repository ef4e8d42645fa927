using BackupHealth.Collector.Tests.Support;
using BackupHealth.Testing;

namespace BackupHealth.Collector.Tests.Telemetry.Prometheus;

/// <summary>A real Prometheus scrapes a test collector with the documented configuration and evaluates the
/// documented rules against what it stored.</summary>
[Collection(RunsAlone.Name)]
public sealed class PrometheusScrapeTests : IAsyncLifetime
{
    private const string AgentId = "hv01";
    private static readonly TimeSpan FiveDays = TimeSpan.FromDays(5);
    private static readonly TimeSpan OneDayTwoHoursThreeMinutesFourSeconds = new(1, 2, 3, 4);

    private TestCollector _collector = null!;

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync();

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    [Fact]
    public async Task Scraped_job_series_keep_our_job_key_and_each_overdue_alert_describes_its_own_jobs_age()
    {
        await using (var agent = await _collector.ConnectAsync(AgentId))
        {
            await agent.SendBatchAsync(Observations.Batch(1,
                Observations.Valid("sql01-run", "sql01", end: TestCollector.StartTime - FiveDays, jobName: "SQL01 nightly"),
                Observations.Valid("fs01-run", "fs01", end: TestCollector.StartTime - OneDayTwoHoursThreeMinutesFourSeconds, jobName: "FS01 daily")));
            await agent.WaitForAckAsync(1);
            await agent.CompleteAsync();
        }

        await EvaluateAsync();
        var token = _collector.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        await using var prometheus = await PrometheusServer.StartAsync(_collector.Endpoints.Web, token);

        var ages = await Poll.UntilAsync(() => prometheus.QueryAsync("backuphealth_job_last_success_age_seconds"), series => series.Count == 2,
            "Prometheus has scraped both jobs' ages", diagnostics: () => prometheus.Output);
        Assert.All(ages, series => Assert.Equal("backuphealth", series.Labels["job"]));
        Assert.All(ages, series => Assert.DoesNotContain("exported_job", series.Labels.Keys));
        Assert.Equal(
            [("fs01", OneDayTwoHoursThreeMinutesFourSeconds.TotalSeconds), ("sql01", FiveDays.TotalSeconds)],
            ages.Select(series => (series.Labels["job_key"], series.Value)).Order());

        var overdue = await Poll.UntilAsync(prometheus.AlertsAsync, alerts => alerts.Count(a => a.Labels["alertname"] == "BackupJobOverdue") == 2,
            "Prometheus fires BackupJobOverdue for both jobs", diagnostics: () => prometheus.Output);
        Assert.Equal(
            [("fs01", "last success 1d 2h 3m 4s ago"), ("sql01", "last success 5d 0h 0m 0s ago")],
            overdue.Where(a => a.Labels["alertname"] == "BackupJobOverdue").Select(a => (a.Labels["job_key"], a.Annotations["description"])).Order());
    }

    private async Task EvaluateAsync()
    {
        using var body = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        using var response = await _collector.Http.PostAsync(new Uri("/api/v1/alerts/evaluate", UriKind.Relative), body);
        response.EnsureSuccessStatusCode();
    }
}
