using BackupHealth.IntegrationTests;
using BackupHealth.Testing;

namespace BackupHealth.BrowserTests;

/// <summary>Two customers' sites on one real collector, each watched by its own real agent process with
/// <c>files</c> jobs that have daily backup files for the last <see cref="HistoryDays"/> days: Contoso's head office
/// is healthy, Fabrikam's branch has a job whose newest file is empty (failed). One Contoso job carries markup in its
/// name. Ready once every file is stored.</summary>
internal sealed class SampleEstate : IAsyncDisposable
{
    public const int HistoryDays = 10;
    public const string FabrikamToken = "browser-fabrikam-branch-token-01";
    public const string HostileName = HostileText.Name + " nightly";
    public const string FailingJob = "Branch SQL dump";
    public const string HealthyBranchJob = "Branch file share";

    private readonly TempDirectory _temp;
    private readonly List<AgentProcess> _agents = [];

    private SampleEstate(TempDirectory temp, CollectorServer collector)
    {
        _temp = temp;
        Collector = collector;
    }

    public CollectorServer Collector { get; }

    /// <summary>The folder of a job's backup files (drop a file there and the agent reports it within seconds).</summary>
    public string JobFolder(string probe) => _temp.Combine("share", probe);

    public static async Task<SampleEstate> StartAsync(ErrorLogCollector errors)
    {
        var temp = new TempDirectory("bh-estate");
        var collector = await CollectorServer.StartAsync(temp.Combine("collector"), errors, new Dictionary<string, string?>
        {
            ["Collector:Sites:1:Customer"] = "Fabrikam",
            ["Collector:Sites:1:Site"] = "Branch",
            ["Collector:Sites:1:AgentTokens:0"] = FabrikamToken,
            ["Collector:AllowSiteTokens"] = "true", // these agents stream with site tokens
        });
        var estate = new SampleEstate(temp, collector);
        try
        {
            var now = DateTime.UtcNow;
            var contoso = new[] { ("exchange", "Exchange mailbox backup", false), ("hostile", HostileName, false) };
            var fabrikam = new[] { ("branch-sql", FailingJob, true), ("branch-files", HealthyBranchJob, false) };
            var files = 0;
            foreach (var (probe, _, emptyNewest) in contoso.Concat(fabrikam))
            {
                files += await WriteHistoryAsync(estate.JobFolder(probe), probe, now, emptyNewest);
            }

            estate._agents.Add(estate.StartAgent("contoso-hv01", CollectorServer.Token, contoso));
            estate._agents.Add(estate.StartAgent("fabrikam-hv01", FabrikamToken, fabrikam));
            await Poll.UntilAsync(
                () => Task.FromResult(collector.DeliveredRuns().Count), n => n >= files,
                $"the collector stores all {files} backup files as runs", TimeSpan.FromSeconds(90),
                () => string.Join("\n", estate._agents.Select(a => a.Output)));
        }
        catch
        {
            await estate.DisposeAsync();
            throw;
        }

        return estate;
    }

    /// <summary>One 64 KiB file per day, newest an hour ago but never before today's midnight (UTC, the dashboard's
    /// zone), so the grid's today column holds it at any hour; the newest is empty when <paramref name="emptyNewest"/>.</summary>
    private static async Task<int> WriteHistoryAsync(string folder, string probe, DateTime now, bool emptyNewest)
    {
        Directory.CreateDirectory(folder);
        var newest = now.AddHours(-1) < now.Date ? now.Date : now.AddHours(-1);
        for (var day = 0; day < HistoryDays; day++)
        {
            var file = Path.Combine(folder, $"{probe}-{day:D2}.bak");
            await File.WriteAllBytesAsync(file, new byte[day == 0 && emptyNewest ? 0 : 65536 + (day * 1024)]);
            File.SetLastWriteTimeUtc(file, newest.AddDays(-day));
        }

        return HistoryDays;
    }

    private AgentProcess StartAgent(string id, string token, (string Probe, string Name, bool EmptyNewest)[] jobs)
    {
        var config = new
        {
            Agent = new
            {
                Id = id,
                DataPath = _temp.Combine(id),
                CollectorUrl = Collector.Grpc.ToString(),
                CollectorCaFile = AgentProcess.CollectorCaFile(_temp.Combine(id)),
                Token = token,
            },
            Probes = jobs.Select(job => new
            {
                Type = "files",
                Name = job.Probe,
                JobName = job.Name,
                Path = JobFolder(job.Probe),
                Pattern = "*.bak",
                MinSizeBytes = 1024,
                Lookback = "30.00:00:00",
                Interval = "00:00:02",
            }).ToArray(),
        };
        return AgentProcess.Start(_temp.Combine(id + ".json"), config);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        await Collector.DisposeAsync();
        _temp.Dispose();
    }
}
