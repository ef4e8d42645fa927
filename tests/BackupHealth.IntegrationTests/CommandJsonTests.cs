using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using BackupHealth.Testing;

namespace BackupHealth.IntegrationTests;

/// <summary>The real agent process runs a <c>command</c> probe in json mode and the real collector judges what the
/// script said: a failed verification, a disabled job, a job listed but never run, and a failure the source will
/// retry — the alerts that must fire and the ones that must not.</summary>
public sealed class CommandJsonTests : IDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly TempDirectory _temp = new("bh-e2e-command");
    private readonly ErrorLogCollector _collectorErrors = new();
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    public void Dispose() => _temp.Dispose();

    [UnixFact]
    public async Task A_script_says_a_verification_failed_a_job_is_disabled_and_a_job_never_ran()
    {
        var json = $$"""
            {
              "runs": [
                {"jobKey":"files","jobName":"File server","status":"success","startTime":"{{Ago(3)}}","endTime":"{{Ago(2)}}",
                 "verification":{"state":"failed","detail":"checksum mismatch in files-0310.tar"} },
                {"jobKey":"erp","jobName":"ERP","status":"success","startTime":"{{Ago(3)}}","endTime":"{{Ago(2)}}",
                 "verification":{"state":"passed","detail":"restore test"} }
              ],
              "jobs": [
                {"jobKey":"files","jobName":"File server","enabled":true,"schedule":"daily 22:00 UTC"},
                {"jobKey":"erp","jobName":"ERP","enabled":true,"interval":"1d"},
                {"jobKey":"old-nas","jobName":"Old NAS","enabled":false},
                {"jobKey":"new-sql","jobName":"New SQL job","enabled":true,"nextRun":"{{Ago(-20)}}"}
              ]
            }
            """;
        await using var collector = await StartCollectorAsync();
        var api = await collector.ApiClientAsync();
        await using var agent = StartAgent(collector, json);

        var jobs = await Poll.UntilAsync(() => JobsAsync(api), j => j.Count >= 4 && j["File server"].LatestStatus is not null && j["ERP"].LatestStatus is not null,
            "the four listed jobs and the two runs at the collector", diagnostics: () => agent.Output);
        Assert.Equal(4, jobs.Count);
        Assert.Equal(("script/new-sql", null, "ok"), (jobs["New SQL job"].JobKey, jobs["New SQL job"].LatestStatus, jobs["New SQL job"].Health));
        Assert.Equal(("script/old-nas", "disabled"), (jobs["Old NAS"].JobKey, jobs["Old NAS"].Health));
        Assert.Equal("script/files", jobs["File server"].JobKey);

        var alerts = await EvaluateAsync(api);
        var verification = Assert.Single(alerts, a => a.Rule == "verification_failed");
        Assert.Equal("File server: verification failed", verification.Title);
        Assert.Contains("checksum mismatch in files-0310.tar", verification.Detail, StringComparison.Ordinal);
        Assert.Equal("Old NAS is disabled", Assert.Single(alerts, a => a.Rule == "job_disabled").Title);
        Assert.DoesNotContain(alerts, a => a.Rule is "job_failed" or "job_missed" or "probe_error");
        _collectorErrors.AssertNone();
    }

    [UnixFact]
    public async Task A_failure_the_script_says_will_be_retried_raises_no_job_failed_and_one_without_does()
    {
        var json = $$"""
            [
              {"jobName":"ERP","status":"failed","startTime":"{{Ago(3)}}","endTime":"{{Ago(2)}}","message":"lock timeout","willRetry":true},
              {"jobName":"Mail","status":"failed","startTime":"{{Ago(3)}}","endTime":"{{Ago(2)}}","message":"disk full"}
            ]
            """;
        await using var collector = await StartCollectorAsync();
        var api = await collector.ApiClientAsync();
        await using var agent = StartAgent(collector, json);

        await Poll.UntilAsync(() => JobsAsync(api), j => j.Count >= 2 && j.Values.All(x => x.LatestStatus == "failed"),
            "both failed runs at the collector", diagnostics: () => agent.Output);

        var alerts = await EvaluateAsync(api);
        var failed = Assert.Single(alerts, a => a.Rule == "job_failed");
        Assert.Equal("Mail failed", failed.Title);
        Assert.DoesNotContain(alerts, a => a.Title.StartsWith("ERP", StringComparison.Ordinal));
        _collectorErrors.AssertNone();
    }

    [UnixFact]
    public async Task A_new_weekly_job_whose_script_states_its_schedule_is_not_missed_and_one_judged_by_the_default_is_only_a_warning()
    {
        // Both jobs ran once, 50 hours ago. The weekly one's listing says when it runs: due again in five days. The
        // other states nothing: the default (a day + 2 h) is all there is, so its miss asks for an expectation.
        var ran = _now - TimeSpan.FromHours(50);
        var start = ran - TimeSpan.FromHours(1);
        var weekly = string.Create(CultureInfo.InvariantCulture, $"{start.Minute} {start.Hour} * * {(int)start.DayOfWeek} UTC");
        var json = $$"""
            {
              "runs": [
                {"jobKey":"weekly","jobName":"Weekly archive","status":"success","startTime":"{{Ago(51)}}","endTime":"{{Ago(50)}}"},
                {"jobKey":"new","jobName":"New job","status":"success","startTime":"{{Ago(51)}}","endTime":"{{Ago(50)}}"}
              ],
              "jobs": [
                {"jobKey":"weekly","jobName":"Weekly archive","enabled":true,"schedule":"{{weekly}}"},
                {"jobKey":"new","jobName":"New job","enabled":true}
              ]
            }
            """;
        await using var collector = await StartCollectorAsync();
        var api = await collector.ApiClientAsync();
        await using var agent = StartAgent(collector, json);
        await Poll.UntilAsync(() => JobsAsync(api), j => j.Count >= 2 && j.Values.All(x => x.LatestStatus == "success"),
            "both runs at the collector", diagnostics: () => agent.Output);

        var alerts = await EvaluateAsync(api);

        Assert.DoesNotContain(alerts, a => a.Title.StartsWith("Weekly archive", StringComparison.Ordinal));
        var missed = Assert.Single(alerts, a => a.Rule == "job_missed");
        Assert.Equal(("New job: no backup within the default expectation", "warning"), (missed.Title, missed.Severity));
        Assert.StartsWith("expectation not known yet — set it", missed.Detail, StringComparison.Ordinal);
        var weeklyJob = (await JobsAsync(api))["Weekly archive"];
        var expectation = await api.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/jobs/{weeklyJob.Id}/expectation", UriKind.Relative));
        Assert.Equal(("source", weekly), (expectation.GetProperty("source").GetString(), expectation.GetProperty("schedule").GetString()));
        Assert.False(expectation.GetProperty("overdue").GetBoolean());
        _collectorErrors.AssertNone();
    }

    private string Ago(int hours) => (_now - TimeSpan.FromHours(hours)).ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);

    private Task<CollectorServer> StartCollectorAsync() =>
        CollectorServer.StartAsync(_temp.Combine("collector"), _collectorErrors,
            new Dictionary<string, string?> { ["Collector:Alerts:EvaluationInterval"] = "01:00:00" });

    private AgentProcess StartAgent(CollectorServer collector, string json)
    {
        var printed = _temp.Combine("printed.json");
        File.WriteAllText(printed, json);
        var probe = new
        {
            Type = "command", Name = "script", Executable = "cat", Arguments = new[] { printed }, Output = "json",
            Interval = "00:00:01", Jitter = "00:00:00",
        };
        return AgentProcess.Start(_temp.Combine("agent.json"), new { Agent = AgentProcess.Section(_temp.Combine("agent"), collector.Grpc, "e2e-command-01"), Probes = new[] { probe } });
    }

    private static async Task<Dictionary<string, JobView>> JobsAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<List<JobView>>(new Uri("/api/v1/jobs", UriKind.Relative), JsonOptions) ?? []).ToDictionary(j => j.Name);

    private static async Task<List<AlertView>> EvaluateAsync(HttpClient api)
    {
        await Evaluation.RunAsync(api);

        return await api.GetFromJsonAsync<List<AlertView>>(new Uri("/api/v1/alerts", UriKind.Relative), JsonOptions) ?? [];
    }

    private sealed record JobView(long Id, string JobKey, string Name, string? LatestStatus, string Health);

    private sealed record AlertView(string Rule, string Title, string Detail, string State, string Severity);
}
