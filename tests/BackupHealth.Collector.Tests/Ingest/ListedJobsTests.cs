using System.Net.Http.Json;
using System.Text.Json;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Tests.Ingest;

/// <summary>Jobs a probe's job list names are jobs, runs or not: they are in /api/v1/jobs and judged by the rules
/// from when they were first listed. Real gRPC stream, real SQLite file, fake time.</summary>
public sealed class ListedJobsTests : IAsyncLifetime
{
    private TestCollector _collector = null!;

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync();

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    private static JobListing Job(string key, string name, bool enabled) =>
        new() { JobKey = key, JobName = name, SourceKind = "veeam.vbr", Enabled = enabled };

    private static AgentMessage JobList(params JobListing[] jobs) =>
        new() { Jobs = new JobListReport { ProbeName = "vbr", Jobs = { jobs } } };

    [Fact]
    public async Task Listed_jobs_without_runs_are_in_the_jobs_api_with_their_health()
    {
        await using var agent = await _collector.ConnectAsync("hv01");

        await agent.SendAsync(JobList(Job("vbr/new", "New SQL job", enabled: true), Job("vbr/old", "Exchange", enabled: false)));
        await agent.SendBatchAsync(Observations.Batch(1));
        await agent.WaitForAckAsync(1);

        var jobs = await JobsAsync();
        Assert.Equal("ok", jobs["New SQL job"].GetProperty("health").GetString());
        Assert.Equal("disabled", jobs["Exchange"].GetProperty("health").GetString());
        Assert.Equal(JsonValueKind.Null, jobs["Exchange"].GetProperty("latestStatus").ValueKind);
        Assert.Equal("vbr/new", jobs["New SQL job"].GetProperty("jobKey").GetString());
    }

    [Fact]
    public async Task A_disabled_listed_job_fires_job_disabled()
    {
        await using var agent = await _collector.ConnectAsync("hv01");

        await ListAsync(agent, Job("vbr/old", "Exchange", enabled: false));

        var alerts = await EvaluateAsync();
        Assert.Contains(alerts, a => a.Rule == "job_disabled" && a.Title == "Exchange is disabled");
    }

    [Fact]
    public async Task A_listed_job_that_never_ran_is_missed_after_its_first_deadline_and_not_before()
    {
        await using var agent = await _collector.ConnectAsync("hv01");
        await ListAsync(agent, Job("vbr/new", "New SQL job", enabled: true));

        // Listed at the start; the default expectation is every 1 d with 2 h grace, counted from the first listing
        // (a later list, the same as the first, does not move it).
        _collector.Time.Advance(TimeSpan.FromHours(20));
        await ListAsync(agent, Job("vbr/new", "New SQL job", enabled: true));
        _collector.Time.Advance(TimeSpan.FromHours(6));
        Assert.DoesNotContain(await EvaluateAsync(), a => a.Rule == "job_missed");

        _collector.Time.Advance(TimeSpan.FromMinutes(1));
        var missed = Assert.Single(await EvaluateAsync(), a => a.Rule == "job_missed");
        // Nothing but the default says when it is due: a warning asking for the expectation.
        Assert.Equal("New SQL job: no backup within the default expectation", missed.Title);
        Assert.Contains("; never ran: its source has listed it since 2025-06-01 12:00 UTC", missed.Detail, StringComparison.Ordinal);
        Assert.Equal("warning", missed.Severity);
    }

    [Fact]
    public async Task A_job_that_never_ran_is_forgotten_once_no_list_names_it()
    {
        await using var agent = await _collector.ConnectAsync("hv01");
        await ListAsync(agent, Job("vbr/new", "New SQL job", enabled: true), Job("vbr/old", "Exchange", enabled: false));
        _collector.Time.Advance(TimeSpan.FromDays(2));
        Assert.Contains(await EvaluateAsync(), a => a.Rule == "job_missed" && a.State == "firing");

        await ListAsync(agent);

        Assert.Empty(await JobsAsync());
        Assert.All(await EvaluateAsync(), a => Assert.Equal("resolved", a.State));
    }

    private static Task ListAsync(TestAgent agent, params JobListing[] jobs) => agent.SendCommittedAsync(JobList(jobs));

    private async Task<Dictionary<string, JsonElement>> JobsAsync() =>
        (await _collector.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/jobs", UriKind.Relative))).EnumerateArray()
            .Where(j => j.GetProperty("sourceKind").GetString() == "veeam.vbr")
            .ToDictionary(j => j.GetProperty("name").GetString()!);

    private Task<List<AlertView>> EvaluateAsync() => AlertsApi.EvaluateAsync(_collector.Http);
}
