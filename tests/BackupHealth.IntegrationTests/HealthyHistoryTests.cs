using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BackupHealth.Testing;
using Xunit.Abstractions;

namespace BackupHealth.IntegrationTests;

/// <summary>Issue 15: healthy jobs are quiet. 90 days of history of 32 healthy jobs of every rhythm, with the noise
/// real jobs have, go through the real agent's <c>command</c> probe to the real collector; no evaluation — while the
/// history arrives, once it is all in, after a later probe cycle — raises an alert of any rule.</summary>
public sealed class HealthyHistoryTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 15;
    private const string AgentId = "e2e-healthy-01";
    private const string ProbeName = "history";
    private static readonly TimeSpan UploadTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Heartbeats come at the agent's default interval, 30 s: the collector learns of a backlog as it would.</summary>
    private static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(60);
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly TempDirectory _temp = new("bh-e2e-healthy");
    private readonly ErrorLogCollector _collectorErrors = new();
    private readonly List<Evaluation> _evaluations = [];

    public void Dispose() => _temp.Dispose();

    [UnixFact]
    public async Task Healthy_jobs_with_90_days_of_noisy_history_raise_no_alert_during_or_after_the_upload()
    {
        var clock = Stopwatch.StartNew();
        var generatedAt = DateTimeOffset.UtcNow;
        var history = HealthyHistory.Generate(HealthyJobs.All, generatedAt, Seed);
        output.WriteLine(Describe(history, generatedAt));
        AssertNoisy(history);
        var runsFile = _temp.Combine("runs.json");
        await File.WriteAllTextAsync(runsFile, "[]");
        await using var collector = await CollectorServer.StartAsync(_temp.Combine("collector"), _collectorErrors,
            new Dictionary<string, string?> { ["Collector:Alerts:EvaluationInterval"] = "01:00:00" });
        var api = await collector.ApiClientAsync();
        await using var agent = AgentProcess.Start(_temp.Combine("agent.json"), AgentConfig(collector.Grpc, runsFile));

        // As for an agent already running when its source first reports history (a first install whose script takes
        // longer than connecting does): connected, and its first heartbeat has said how many observations wait.
        await Poll.UntilAsync(() => AgentAsync(api), a => a?.OutboxDepth is not null,
            "the agent connected and its first heartbeat in", diagnostics: () => agent.Output);
        var pending = runsFile + ".new";
        await File.WriteAllTextAsync(pending, HealthyHistory.ToCommandJson(history));
        File.Move(pending, runsFile, overwrite: true);

        // Judged at every commit of the upload, until all of it is stored and a heartbeat says the outbox is empty.
        long stored = 0;
        await Poll.UntilAsync(async () =>
        {
            var now = collector.StoredObservations();
            if (now != stored)
            {
                stored = now;
                await EvaluateAsync(api, $"during the upload, {now} of {history.Count} runs stored");
            }

            return now == history.Count && (await AgentAsync(api))?.OutboxDepth == 0;
        }, "the whole history stored and the agent's outbox reported empty", UploadTimeout + HeartbeatTimeout);
        var uploaded = DateTime.UtcNow;
        await EvaluateAsync(api, "after the upload, the agent's outbox empty");

        await Poll.UntilAsync(() => AgentAsync(api), a => a?.Probes.Single().LastRun > uploaded, "a later probe cycle reported",
            HeartbeatTimeout, () => agent.Output);
        await EvaluateAsync(api, "after a later probe cycle");
        output.WriteLine($"{_evaluations.Count} evaluations, {clock.Elapsed.TotalSeconds:F0} s");

        Assert.True(_evaluations.Count(e => e.Phase.StartsWith("during", StringComparison.Ordinal)) >= 2,
            $"the upload was judged at least twice while it was in progress: {string.Join("; ", _evaluations.Select(e => e.Phase))}");
        Assert.Equal(history.Count, collector.StoredObservations());
        Assert.Equal(HealthyJobs.All.Count, (await api.GetFromJsonAsync<List<JsonElement>>(new Uri("/api/v1/jobs", UriKind.Relative), JsonOptions))!.Count);
        Assert.True(_evaluations.All(e => e.Alerts.Count == 0), Alerts());
        _collectorErrors.AssertNone();
    }

    /// <summary>The agent with one <c>command</c> probe printing the runs file every second, and heartbeats at the
    /// default interval. Batches of 200 rather than 500: more commits, so the upload is judged at more points.</summary>
    private object AgentConfig(Uri collector, string runsFile)
    {
        var agent = AgentProcess.Section(_temp.Combine("agent"), collector, AgentId);
        agent["MaxBatchObservations"] = "200";
        var probe = new
        {
            Type = "command", Name = ProbeName, Executable = "cat", Arguments = new[] { runsFile }, Output = "json",
            Interval = "00:00:01", Jitter = "00:00:00",
        };
        return new { Agent = agent, Probes = new[] { probe } };
    }

    private static void AssertNoisy(IReadOnlyList<HistoryRun> history)
    {
        var byJob = history.GroupBy(r => r.JobName).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(HealthyJobs.All.Count, byJob.Count);
        Assert.Contains(history, r => r.Status == "warning");
        Assert.Contains(history, r => r.Status == "failed");
        Assert.Contains(history, r => r.BackupType == "full");
        // The daylight-saving change: the 22:00 Amsterdam job starts at two UTC hours within its history.
        Assert.Equal(2, byJob["app01 22:00 Amsterdam"].Select(r => r.Start.UtcDateTime.Hour).Distinct().Count());
        // Daily and slower jobs keep their 90 days; a monthly job has its three runs.
        Assert.True(byJob["sql01 nightly"].Count >= 89, $"sql01 nightly has {byJob["sql01 nightly"].Count} runs");
        Assert.True(byJob["archive monthly 04:00 Amsterdam"].Count(r => r.Status != "failed") >= 2);
    }

    private static string Describe(IReadOnlyList<HistoryRun> history, DateTimeOffset generatedAt)
    {
        var (end, shift) = HealthyHistory.WindowAcrossDstChange(generatedAt, HealthyJobs.Amsterdam);
        return $"{history.Count} runs of {HealthyJobs.All.Count} jobs from {history.Min(r => r.Start):u} to {history.Max(r => r.End ?? r.Start):u}"
            + (shift == TimeSpan.Zero ? "" : $", made for the 90 days to {end:u} and moved {shift.TotalDays:F0} days forward to cross a DST change")
            + $"; {history.Count(r => r.Status == "warning")} warnings, {history.Count(r => r.Status == "failed")} failures retried, "
            + $"{history.Count(r => r.Status == "running")} running";
    }

    private async Task EvaluateAsync(HttpClient api, string phase)
    {
        using (var evaluate = await api.PostAsync(new Uri("/api/v1/alerts/evaluate", UriKind.Relative), null))
        {
            evaluate.EnsureSuccessStatusCode();
        }

        // What the collector knew of the agent's backlog when it judged: a backlog reported holds its jobs' alerts.
        phase += $", outbox depth {(await AgentAsync(api))?.OutboxDepth} by the last heartbeat";
        var alerts = await api.GetFromJsonAsync<List<AlertView>>(new Uri("/api/v1/alerts?limit=1000", UriKind.Relative), JsonOptions) ?? [];
        _evaluations.Add(new Evaluation(phase, alerts));
    }

    /// <summary>Every alert: the first evaluation that had it, and its state at the last one — what a false alert's
    /// owner needs to find its cause.</summary>
    private string Alerts()
    {
        var text = new StringBuilder("alerts raised for healthy jobs:");
        var last = _evaluations[^1].Alerts.ToDictionary(a => (a.Rule, a.Subject), a => a.State);
        var seen = new HashSet<(string, string)>();
        foreach (var evaluation in _evaluations)
        {
            foreach (var alert in evaluation.Alerts.Where(a => seen.Add((a.Rule, a.Subject))))
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"\n- {alert.Rule} ({alert.State} {evaluation.Phase}; {last.GetValueOrDefault((alert.Rule, alert.Subject), "gone")} at the end): {alert.Title} — {alert.Detail}");
            }
        }

        return text.ToString();
    }

    private static async Task<AgentView?> AgentAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<List<AgentView>>(new Uri("/api/v1/agents", UriKind.Relative), JsonOptions) ?? []).SingleOrDefault(a => a.AgentId == AgentId);

    private sealed record Evaluation(string Phase, List<AlertView> Alerts);

    private sealed record AgentView(string AgentId, long? OutboxDepth, List<ProbeView> Probes);

    private sealed record ProbeView(string Name, DateTime? LastRun);

    private sealed record AlertView(string Rule, string Subject, string State, string Title, string Detail);
}
