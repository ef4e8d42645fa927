namespace BackupHealth.IntegrationTests;

/// <summary>A customer's backup share written by the test: <c>jobs</c> folders of <c>filesPerJob</c> backup files,
/// one per run, with distinct times inside the files probe's look-back.</summary>
internal sealed class SampleSite
{
    private SampleSite(string root, IReadOnlyList<string> jobs, IReadOnlyList<string> runs)
    {
        Root = root;
        Jobs = jobs;
        Runs = runs;
    }

    public string Root { get; }

    public IReadOnlyList<string> Jobs { get; }

    /// <summary>"job/file" for every file: what the collector must end up with, each exactly once.</summary>
    public IReadOnlyList<string> Runs { get; }

    public static SampleSite Create(string root, int jobs, int filesPerJob)
    {
        var now = DateTime.UtcNow;
        var jobNames = new List<string>();
        var runs = new List<string>();
        for (var j = 0; j < jobs; j++)
        {
            var job = $"job-{j:D2}";
            jobNames.Add(job);
            var dir = Path.Combine(root, job);
            Directory.CreateDirectory(dir);
            for (var f = 0; f < filesPerJob; f++)
            {
                var name = $"{job}-run{f:D4}.bak";
                var path = Path.Combine(dir, name);
                using (var stream = File.Create(path))
                {
                    stream.SetLength(4096 + f);
                }

                File.SetLastWriteTimeUtc(path, now.AddMinutes(-(f + 1) * 7));
                runs.Add($"{job}/{name}");
            }
        }

        return new SampleSite(root, jobNames, runs);
    }

    /// <summary>An agent configuration with one files probe per job. Small batches and a small window make a
    /// delivery of many round trips, so there is a middle to interrupt.</summary>
    public object AgentConfig(string dataPath, Uri collector, string token) => new
    {
        Agent = new
        {
            Id = "e2e-host-01",
            DataPath = dataPath,
            CollectorUrl = collector.ToString(),
            CollectorCaFile = AgentProcess.CollectorCaFile(dataPath),
            Token = token,
            MaxBatchObservations = 20,
            MaxInFlightBatches = 4,
            HeartbeatInterval = "00:00:05",
            ReconnectMinDelay = "00:00:00.050",
            ReconnectMaxDelay = "00:00:00.500",
        },
        Probes = Jobs.Select(job => new
        {
            Type = "files",
            Name = job,
            Path = Path.Combine(Root, job),
            Pattern = "*.bak",
            Interval = "01:00:00",
        }).ToArray(),
    };
}
