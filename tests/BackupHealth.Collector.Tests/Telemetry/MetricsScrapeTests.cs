using System.Net;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;

namespace BackupHealth.Collector.Tests.Telemetry;

/// <summary>Prometheus scrapes <c>/metrics</c> on the web port over real HTTP with an API token; the values follow
/// what agents sent and what the rules found.</summary>
[Collection(RunsAlone.Name)]
public sealed class MetricsScrapeTests : IAsyncLifetime
{
    private const string AgentId = "metrics-agent";
    private static readonly (string, string)[] Contoso = [("customer", "Contoso Ltd"), ("site", "Head office")];

    private TestCollector _collector = null!;

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync();

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    [Fact]
    public async Task Scrape_shows_runs_by_status_firing_alerts_last_success_age_and_overdue_jobs()
    {
        await using (var agent = await _collector.ConnectAsync(AgentId))
        {
            // job-1 succeeded an hour before start; job-2 failed. The second batch re-sends job-1's run.
            await agent.SendBatchAsync(Observations.Batch(1,
                Observations.Valid("ok-1", "job-1"),
                Observations.Valid("failed-1", "job-2", RunStatus.Failed)));
            await agent.SendBatchAsync(Observations.Batch(2, Observations.Valid("ok-1", "job-1")));
            await agent.WaitForAckAsync(2);

            _collector.Time.Advance(TimeSpan.FromMinutes(30));
            await EvaluateAsync();
            var scrape = await ScrapeAsync();

            Assert.Equal(1, scrape.Value("backuphealth_job_runs_total", [.. Contoso, ("agent", AgentId), ("status", "success")]));
            Assert.Equal(1, scrape.Value("backuphealth_job_runs_total", [.. Contoso, ("agent", AgentId), ("status", "failed")]));
            Assert.Equal(3, scrape.Value("backuphealth_ingest_observations_total", Contoso));
            Assert.Equal(2, scrape.Value("backuphealth_ingest_batch_duration_seconds_count"));
            Assert.Equal(1, scrape.Value("backuphealth_alerts_firing", ("customer", "Contoso Ltd"), ("rule", "job_failed"), ("severity", "critical")));
            Assert.Empty(scrape.Find("backuphealth_alerts_firing", ("rule", "job_missed")));
            Assert.Equal(90 * 60, scrape.Value("backuphealth_job_last_success_age_seconds", [.. Contoso, ("agent", AgentId), ("job_key", "job-1")]));
            Assert.Empty(scrape.Find("backuphealth_job_last_success_age_seconds", ("job_key", "job-2")));
            Assert.Equal(0, scrape.Value("backuphealth_job_overdue", ("agent", AgentId), ("job_key", "job-1"), ("job_name", "Job job-1")));
            Assert.Equal(1, scrape.Value("backuphealth_agent_connected", [.. Contoso, ("agent", AgentId)]));
            Assert.True(scrape.Value("backuphealth_store_size_bytes") > 0);

            // Past the default expectation (a day plus two hours of grace) both jobs are overdue; judged only against
            // the default, a miss is a warning.
            _collector.Time.Advance(TimeSpan.FromHours(30));
            await EvaluateAsync();
            scrape = await ScrapeAsync();

            Assert.Equal(1, scrape.Value("backuphealth_job_overdue", ("agent", AgentId), ("job_key", "job-1")));
            Assert.Equal(1, scrape.Value("backuphealth_job_overdue", ("agent", AgentId), ("job_key", "job-2")));
            Assert.Equal(2, scrape.Value("backuphealth_alerts_firing", ("customer", "Contoso Ltd"), ("rule", "job_missed"), ("severity", "warning")));
            Assert.Equal((90 * 60) + (30 * 3600), scrape.Value("backuphealth_job_last_success_age_seconds", ("agent", AgentId), ("job_key", "job-1")));
            await agent.CompleteAsync();
        }

        await Poll.UntilAsync(async () => (await ScrapeAsync()).Value("backuphealth_agent_connected", ("agent", AgentId)) == 0,
            "the agent counts as disconnected once its stream ended");
    }

    [Fact]
    public async Task Scrape_without_a_token_is_401_and_with_a_customer_limited_token_403()
    {
        using var anonymous = _collector.Anonymous;
        using var unauthenticated = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative));
        var viewer = await _collector.AsAsync("viewer", Roles.Viewer);
        using var limited = await WebUsers.ClientAsync(_collector.App.Services, _collector.Endpoints.Web, "contoso-viewer", Roles.Viewer, "Contoso Ltd");
        using var forbidden = await limited.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var allowed = await viewer.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal("Bearer", unauthenticated.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Metrics_are_not_served_on_the_agents_port()
    {
        using var client = new HttpClient(BackupHealth.Testing.TestTls.Handler()) { BaseAddress = _collector.Endpoints.Grpc, DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        client.DefaultRequestHeaders.Authorization = _collector.Http.DefaultRequestHeaders.Authorization;
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task EvaluateAsync()
    {
        using var body = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        using var response = await _collector.Http.PostAsync(new Uri("/api/v1/alerts/evaluate", UriKind.Relative), body);
        response.EnsureSuccessStatusCode();
    }

    private async Task<PrometheusText> ScrapeAsync()
    {
        using var response = await _collector.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }
}
