using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackupHealth.Testing;
using Xunit.Abstractions;

namespace BackupHealth.IntegrationTests;

/// <summary>The agent's data disk fills up (issue 17): the real agent process writes its outbox on a real 1 MiB tmpfs
/// the test fills, streaming to the real collector. Before, the agent re-queued the same cycle for ever, left a
/// <c>.tmp</c> per failed write, delivered 23,500 of 30,000 facts and reported its probes as ok.</summary>
public sealed partial class FullDiskTests(ITestOutputHelper output) : IDisposable
{
    private const int Jobs = 2;
    private const int FilesPerJob = 300;

    /// <summary>A customer of this test's own: collectors of other tests in this process count into the same meter.</summary>
    private const string Customer = "Full Disk Ltd";
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private readonly TempDirectory _temp = new("bh-e2e-full-disk");
    private readonly ErrorLogCollector _collectorErrors = new();

    public void Dispose() => _temp.Dispose();

    [SmallFileSystemFact]
    public async Task A_full_disk_is_reported_as_outbox_full_and_alerted_and_once_space_returns_every_fact_arrives_exactly_once()
    {
        var site = SampleSite.Create(_temp.Combine("site"), Jobs, FilesPerJob);
        using var disk = SmallFileSystem.Mount(_temp.Combine("disk"), 1024 * 1024);
        var dataPath = disk.Path;
        await using var collector = await CollectorServer.StartAsync(_temp.Combine("collector"), _collectorErrors,
            new Dictionary<string, string?> { ["Collector:Alerts:EvaluationInterval"] = "01:00:00", ["Collector:Sites:0:Customer"] = Customer });
        var api = await collector.ApiClientAsync();
        var config = AgentConfig(site, dataPath, collector.Grpc);
        disk.Fill();
        await using var agent = AgentProcess.Start(_temp.Combine("agent.json"), config);

        // Full: every cycle reads the share and cannot queue; the collector is told, and alerts on the third cycle.
        var alerts = await Poll.UntilAsync(() => EvaluateAsync(api), a => a.Count(x => x.Rule == "probe_error" && x.State == "firing") == Jobs,
            "probe_error for the full outbox", diagnostics: () => agent.Output);
        Assert.Contains(alerts, a => a.Title == "Outbox of agent e2e-full-disk-01 is full: probe job-00 cannot queue its facts");
        var probes = await ProbesAsync(api);
        Assert.Equal(["outbox_full", "outbox_full"], probes.Select(p => p.State));
        Assert.All(probes, p => Assert.Contains("No space left on device", p.Message, StringComparison.Ordinal));
        Assert.Empty(collector.DeliveredRuns());
        AssertNoTemporaryFiles(disk.Path);

        // Room for about half of one cycle's facts, beside a seen.ids that grows by each one: every cycle writes some
        // files and hits the full disk again; acknowledged files make room for the next cycle's.
        disk.Shrink(160 * 1024);
        await Poll.UntilAsync(() => Task.FromResult((Stored: collector.DeliveredRuns().Count, Queued: Queued(dataPath))),
            s => s.Stored >= site.Runs.Count && s.Queued == 0, $"{site.Runs.Count} facts stored and an empty outbox", TimeSpan.FromSeconds(120),
            () => agent.Output);

        var received = await ReceivedObservationsAsync(api);
        var cutShort = CyclesCutShort(agent.Output);
        output.WriteLine($"{collector.DeliveredRuns().Count} of {site.Runs.Count} facts stored, {received} received; {cutShort.Count} cycles cut short part-way (waiting: {string.Join(", ", cutShort)})");
        Assert.Equal(site.Runs.Order(StringComparer.Ordinal), collector.DeliveredRuns().Order(StringComparer.Ordinal));
        Assert.Equal(site.Runs.Count, received);
        AssertNoTemporaryFiles(disk.Path);
        // The fault the issue saw: cycles that wrote some files and then met the full disk.
        Assert.NotEmpty(cutShort);
        await Poll.UntilAsync(async () => (await ProbesAsync(api)).All(p => p.State == "ok"), "both probes ok again");
        Assert.DoesNotContain(await EvaluateAsync(api), a => a.Rule == "probe_error" && a.State == "firing");
        _collectorErrors.AssertNone();
    }

    private static object AgentConfig(SampleSite site, string dataPath, Uri collector) => new
    {
        Agent = new Dictionary<string, object>(AgentProcess.Section(dataPath, collector, "e2e-full-disk-01").ToDictionary(s => s.Key, s => (object)s.Value))
        {
            ["MaxBatchObservations"] = 25,
            ["HeartbeatInterval"] = "00:00:01",
        },
        Probes = site.Jobs.Select(job => new { Type = "files", Name = job, Path = Path.Combine(site.Root, job), Pattern = "*.bak", Interval = "00:00:01", Jitter = "00:00:00" }),
    };

    /// <summary>How many facts each cycle left waiting that had queued some of its facts before the disk was full.</summary>
    private static List<int> CyclesCutShort(string agentOutput) =>
        OutboxFullLine().Matches(agentOutput).Select(m => int.Parse(m.Groups["waiting"].Value, CultureInfo.InvariantCulture)).Where(n => n is > 0 and < FilesPerJob).ToList();

    [GeneratedRegex(@"reported as outbox_full; (?<waiting>\d+) fact\(s\) are offered again")]
    private static partial Regex OutboxFullLine();

    private static int Queued(string dataPath)
    {
        var outbox = Path.Combine(dataPath, "outbox");
        return Directory.Exists(outbox) ? Directory.GetFiles(outbox, "*.obs").Length : 0;
    }

    private static void AssertNoTemporaryFiles(string path) => Assert.Empty(Directory.GetFiles(path, "*.tmp", SearchOption.AllDirectories));

    /// <summary>Observations the collector received in batches, re-sent ones included: a re-queued fact counts twice.</summary>
    private static async Task<double> ReceivedObservationsAsync(HttpClient api) =>
        PrometheusText.Parse(await api.GetStringAsync(new Uri("/metrics", UriKind.Relative)))
            .Value("backuphealth_ingest_observations_total", ("customer", Customer), ("site", CollectorServer.Site));

    private static async Task<List<ProbeView>> ProbesAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<List<AgentView>>(new Uri("/api/v1/agents", UriKind.Relative), JsonOptions) ?? []).SelectMany(a => a.Probes).ToList();

    private static async Task<List<AlertView>> EvaluateAsync(HttpClient api)
    {
        await Evaluation.RunAsync(api);
        return await api.GetFromJsonAsync<List<AlertView>>(new Uri("/api/v1/alerts", UriKind.Relative), JsonOptions) ?? [];
    }

    private sealed record AgentView(string AgentId, List<ProbeView> Probes);

    private sealed record ProbeView(string Name, string State, string Message);

    private sealed record AlertView(string Rule, string Title, string Detail, string State);
}
