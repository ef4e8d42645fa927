using BackupHealth.IntegrationTests;
using BackupHealth.Testing;

namespace BackupHealth.BrowserTests;

/// <summary>A real collector on 127.0.0.1 and the real agent process reporting one <c>files</c> probe per job (one
/// backup file each) into it; ready once every job's run is stored.</summary>
internal sealed class ReportingAgent : IAsyncDisposable
{
    private readonly TempDirectory _temp;
    private readonly AgentProcess _agent;

    private ReportingAgent(TempDirectory temp, CollectorServer collector, AgentProcess agent)
    {
        _temp = temp;
        Collector = collector;
        _agent = agent;
    }

    public CollectorServer Collector { get; }

    /// <param name="jobs">Probe name (the job key) → the job's display name.</param>
    public static async Task<ReportingAgent> StartAsync(IReadOnlyDictionary<string, string> jobs, ErrorLogCollector errors)
    {
        var temp = new TempDirectory("bh-browser");
        var share = temp.Combine("share");
        foreach (var probe in jobs.Keys)
        {
            var folder = Path.Combine(share, probe);
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, $"{probe}-run0001.bak");
            await File.WriteAllBytesAsync(file, new byte[4096]);
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-10));
        }

        var collector = await CollectorServer.StartAsync(temp.Combine("collector"), errors);
        var config = new
        {
            Agent = new
            {
                Id = "browser-host-01",
                DataPath = temp.Combine("agent"),
                CollectorUrl = collector.Grpc.ToString(),
                CollectorCaFile = AgentProcess.CollectorCaFile(temp.Combine("agent")),
                Token = CollectorServer.Token,
            },
            Probes = jobs.Select(job => new
            {
                Type = "files",
                Name = job.Key,
                JobName = job.Value,
                Path = Path.Combine(share, job.Key),
                Pattern = "*.bak",
                Interval = "01:00:00",
            }).ToArray(),
        };
        var agent = AgentProcess.Start(temp.Combine("agent.json"), config);
        var reporting = new ReportingAgent(temp, collector, agent);
        try
        {
            await Poll.UntilAsync(
                () => Task.FromResult(collector.DeliveredRuns().Count), n => n >= jobs.Count,
                $"the collector stores a run of each of the {jobs.Count} jobs", TimeSpan.FromSeconds(60), () => agent.Output);
        }
        catch
        {
            await reporting.DisposeAsync();
            throw;
        }

        return reporting;
    }

    public async ValueTask DisposeAsync()
    {
        await _agent.DisposeAsync();
        await Collector.DisposeAsync();
        _temp.Dispose();
    }
}
