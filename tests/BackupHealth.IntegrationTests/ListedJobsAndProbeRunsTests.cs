using System.Net.Http.Json;
using System.Text.Json;
using BackupHealth.Testing;
using BackupHealth.VendorFakes.Veeam;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.IntegrationTests;

/// <summary>The real agent process and the real collector over loopback gRPC: jobs a source lists but that never ran
/// are jobs at the collector, and every heartbeat carries each probe's latest run, so a probe failing the same way
/// every cycle and a probe that stopped running are both alerted, and the agents API shows a last run that moves.</summary>
public sealed class ListedJobsAndProbeRunsTests : IDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly TempDirectory _temp = new("bh-e2e-listed");
    private readonly ErrorLogCollector _collectorErrors = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_veeam_job_that_never_ran_is_a_job_and_is_missed_only_after_its_first_deadline()
    {
        await using var veeam = await VeeamServer.StartAsync();
        var files = new VeeamFakeJob { Name = "File server", Status = "Inactive" };
        veeam.AddJobs(files, new VeeamFakeJob { Name = "New SQL job", Status = "Inactive" }, new VeeamFakeJob { Name = "Exchange", Status = "Disabled" });
        var now = DateTimeOffset.UtcNow;
        veeam.AddSessions(VeeamFakeSession.Finished("File server", files.Id, now - TimeSpan.FromHours(2), TimeSpan.FromMinutes(20)));
        var time = new FakeTimeProvider(now);
        await using var collector = await CollectorServer.StartAsync(_temp.Combine("collector"), _collectorErrors,
            new Dictionary<string, string?> { ["Collector:Alerts:EvaluationInterval"] = "01:00:00" }, time);
        var api = await collector.ApiClientAsync();
        var probe = new
        {
            Type = "veeam", Name = "vbr", Url = veeam.BaseAddress.ToString(), veeam.Username, veeam.Password,
            CertificateThumbprint = veeam.CertificateSha256, Interval = "00:00:01", Jitter = "00:00:00",
        };
        await using var agent = AgentProcess.Start(_temp.Combine("agent.json"), new { Agent = AgentProcess.Section(_temp.Combine("agent"), collector.Grpc, "e2e-listed-01"), Probes = new[] { probe } });

        var jobs = await Poll.UntilAsync(() => JobsAsync(api), j => j.TryGetValue("File server", out var f) && f.LatestStatus is not null && j.Count >= 3,
            "the three listed jobs and File server's run at the collector", diagnostics: () => agent.Output);
        Assert.Equal(3, jobs.Count);
        Assert.Equal(("ok", null), (jobs["New SQL job"].Health, jobs["New SQL job"].LatestStatus));
        Assert.Equal(("disabled", null), (jobs["Exchange"].Health, jobs["Exchange"].LatestStatus));
        Assert.Equal("success", jobs["File server"].LatestStatus);
        var alerts = await EvaluateAsync(api);
        Assert.Contains(alerts, a => a.Rule == "job_disabled" && a.Title == "Exchange is disabled");
        Assert.DoesNotContain(alerts, a => a.Rule == "job_missed");

        // The default expectation (1 d + 2 h grace) from when the job was first listed.
        time.Advance(TimeSpan.FromHours(26) - TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(await EvaluateAsync(api), a => a.Rule == "job_missed" && a.Title.StartsWith("New SQL job", StringComparison.Ordinal));
        time.Advance(TimeSpan.FromMinutes(2));
        var missed = Assert.Single(await EvaluateAsync(api), a => a.Rule == "job_missed" && a.Title.StartsWith("New SQL job", StringComparison.Ordinal));
        // Nothing but the default says when it is due: a warning that asks for the expectation.
        Assert.Contains("; never ran: ", missed.Detail, StringComparison.Ordinal);
        _collectorErrors.AssertNone();
    }

    [UnixFact]
    public async Task Heartbeats_move_last_run_and_alert_a_probe_failing_the_same_way_and_a_probe_that_stopped_running()
    {
        var backups = _temp.Combine("backups");
        Directory.CreateDirectory(backups);
        File.WriteAllBytes(Path.Combine(backups, "erp-1.dump"), new byte[4096]);
        var hang = _temp.Combine("hang");
        await using var collector = await CollectorServer.StartAsync(_temp.Combine("collector"), _collectorErrors,
            new Dictionary<string, string?> { ["Collector:Alerts:EvaluationInterval"] = "01:00:00" });
        var api = await collector.ApiClientAsync();
        var config = new
        {
            Agent = AgentProcess.Section(_temp.Combine("agent"), collector.Grpc, "e2e-probes-01", heartbeatInterval: "00:00:01"),
            Probes = new object[]
            {
                new { Type = "files", Name = "erp", Path = backups, Pattern = "*.dump", Interval = "00:00:01", Jitter = "00:00:00" },
                new { Type = "files", Name = "nas", Path = _temp.Combine("gone"), Pattern = "*.dump", Interval = "00:00:01", Jitter = "00:00:00" },
                new
                {
                    // Runs at once until the test creates the file, then never finishes a run again.
                    Type = "command", Name = "script", Executable = "/bin/sh", Arguments = new[] { "-c", $"while [ -e '{hang}' ]; do sleep 1; done; echo OK" },
                    Timeout = "00:10:00", Interval = "00:00:01", Jitter = "00:00:00",
                },
            },
        };
        await using var agent = AgentProcess.Start(_temp.Combine("agent.json"), config);

        // The healthy probe's state and message never change, yet its last run moves with the heartbeats.
        var first = await Poll.UntilAsync(() => LastRunAsync(api, "erp"), r => r is not null, "erp's first run", diagnostics: () => agent.Output);
        await Poll.UntilAsync(() => LastRunAsync(api, "erp"), r => r > first, "erp's last run moving", diagnostics: () => agent.Output);

        // The same "folder does not exist" every cycle: probe_error on the third.
        var error = await Poll.UntilAsync(() => EvaluateAsync(api), a => a.Exists(x => x.Rule == "probe_error"), "probe_error for nas", diagnostics: () => agent.Output);
        Assert.Equal("Probe nas on e2e-probes-01 cannot read its source", Assert.Single(error, a => a.Rule == "probe_error").Title);
        Assert.DoesNotContain(error, a => a.Rule == "probe_stalled");

        await File.WriteAllTextAsync(hang, "");
        var stalled = await Poll.UntilAsync(() => EvaluateAsync(api), a => a.Exists(x => x.Rule == "probe_stalled"), "probe_stalled for script", diagnostics: () => agent.Output);
        Assert.Equal("Probe script on e2e-probes-01 has stopped running", Assert.Single(stalled, a => a.Rule == "probe_stalled").Title);
        File.Delete(hang);
        _collectorErrors.AssertNone();
    }

    private static async Task<Dictionary<string, JobView>> JobsAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<List<JobView>>(new Uri("/api/v1/jobs", UriKind.Relative), JsonOptions) ?? []).ToDictionary(j => j.Name);

    private static async Task<DateTime?> LastRunAsync(HttpClient api, string probe)
    {
        var agents = await api.GetFromJsonAsync<List<AgentView>>(new Uri("/api/v1/agents", UriKind.Relative), JsonOptions) ?? [];
        return agents.SelectMany(a => a.Probes).SingleOrDefault(p => p.Name == probe)?.LastRun;
    }

    private static async Task<List<AlertView>> EvaluateAsync(HttpClient api)
    {
        await Evaluation.RunAsync(api);

        return await api.GetFromJsonAsync<List<AlertView>>(new Uri("/api/v1/alerts", UriKind.Relative), JsonOptions) ?? [];
    }

    private sealed record JobView(long Id, string Name, string? LatestStatus, string Health);

    private sealed record AgentView(string AgentId, List<ProbeView> Probes);

    private sealed record ProbeView(string Name, string State, DateTime? LastRun);

    private sealed record AlertView(string Rule, string Title, string Detail, string State);
}
