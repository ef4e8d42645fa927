using BackupHealth.Testing;

namespace BackupHealth.IntegrationTests;

/// <summary>The agent as it ships: the NativeAOT executable (no .NET runtime) against the real collector. What
/// trimming or AOT could break without a compiler warning — configuration binding, the generated validators, gRPC
/// and protobuf, the outbox's files — is exercised end to end here.</summary>
public sealed class AotAgentTests : IDisposable
{
    private const int Jobs = 2;
    private const int FilesPerJob = 30;
    private readonly TempDirectory _temp = new("bh-aot");
    private readonly ErrorLogCollector _collectorErrors = new();

    public void Dispose() => _temp.Dispose();

    [AotAgentFact]
    public async Task The_published_agent_delivers_every_observation_of_its_files_probes_to_the_collector()
    {
        var executable = AotAgent.Executable();
        var site = SampleSite.Create(_temp.Combine("site"), Jobs, FilesPerJob);
        var data = _temp.Combine("collector");
        var outbox = Path.Combine(_temp.Combine("agent"), "outbox");
        await using var collector = await CollectorServer.StartAsync(data, _collectorErrors);

        await using var agent = AgentProcess.StartExecutable(
            executable, _temp.Combine("agent.json"), site.AgentConfig(_temp.Combine("agent"), collector.Grpc, CollectorServer.Token));
        await Poll.UntilAsync(
            () => Task.FromResult((Stored: collector.DeliveredRuns().Count, Queued: Directory.Exists(outbox) ? Directory.GetFiles(outbox, "*.obs").Length : -1)),
            s => s.Stored >= site.Runs.Count && s.Queued == 0,
            $"{site.Runs.Count} observations stored and an empty outbox",
            TimeSpan.FromSeconds(60),
            () => agent.Output);

        Assert.Equal(site.Runs.Order(StringComparer.Ordinal), collector.DeliveredRuns().Order(StringComparer.Ordinal));
        Assert.False(agent.HasExited, agent.Output);
        _collectorErrors.AssertNone();
    }

    [AotAgentFact]
    public async Task While_it_trims_its_memory_every_second_the_published_agent_keeps_reading_and_delivering()
    {
        var site = SampleSite.Create(_temp.Combine("site"), jobs: 1, filesPerJob: 3);
        await using var collector = await CollectorServer.StartAsync(_temp.Combine("collector"), _collectorErrors);
        var folder = Path.Combine(site.Root, site.Jobs[0]);
        var config = new
        {
            Agent = new
            {
                Id = "aot-release",
                DataPath = _temp.Combine("agent"),
                CollectorUrl = collector.Grpc.ToString(),
                CollectorCaFile = AgentProcess.CollectorCaFile(_temp.Combine("agent")),
                Token = CollectorServer.Token,
                TrimMemoryAfter = "00:00:01",
                TrimMemoryEvery = "00:00:01",
            },
            Logging = new { LogLevel = new Dictionary<string, string> { ["BackupHealth.Agent.Footprint"] = "Debug" } },
            Probes = new[] { new { Type = "files", Name = site.Jobs[0], Path = folder, Pattern = "*.bak", Interval = "00:00:01" } },
        };

        await using var agent = AgentProcess.StartExecutable(AotAgent.Executable(), _temp.Combine("agent.json"), config);
        await Poll.UntilAsync(
            () => Task.FromResult(agent.Output), o => CountOf(o, "Trimmed memory again") >= 3,
            "the agent's log lines saying it trimmed its memory, then did again", TimeSpan.FromSeconds(60), () => agent.Output);

        // Several MB of the executable were resident after start (its compressed metadata alone); they were given back.
        var released = System.Text.RegularExpressions.Regex.Match(agent.Output, @"gave back (\d+(?:\.\d+)?) MiB of start-up pages");
        Assert.True(released.Success, agent.Output);
        Assert.True(double.Parse(released.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 1, agent.Output);

        // Everything it needs afterwards comes back from the file: a new backup is still found, sent and acknowledged.
        var newest = Path.Combine(folder, "after-release.bak");
        await File.WriteAllBytesAsync(newest, new byte[8192]);
        File.SetLastWriteTimeUtc(newest, DateTime.UtcNow.AddMinutes(-1));
        await Poll.UntilAsync(
            () => Task.FromResult(collector.DeliveredRuns()), runs => runs.Contains($"{site.Jobs[0]}/after-release.bak"),
            "the file written after the release stored at the collector", TimeSpan.FromSeconds(60), () => agent.Output);

        // ... and the trims went on meanwhile, between probe runs.
        var trims = CountOf(agent.Output, "Trimmed memory again");
        await Poll.UntilAsync(
            () => Task.FromResult(agent.Output), o => CountOf(o, "Trimmed memory again") > trims,
            "one more trim after the delivery", TimeSpan.FromSeconds(60), () => agent.Output);
        Assert.False(agent.HasExited, agent.Output);
        Assert.DoesNotContain("Could not trim", agent.Output, StringComparison.Ordinal);
        _collectorErrors.AssertNone();
    }

    [AotAgentTheory]
    [InlineData("00:00:00", "Probes:0:Interval: The field Interval must be between 00:00:01 and 31.00:00:00.")]
    [InlineData("5 minutes", "Probes:0:Interval: '5 minutes' is not a valid TimeSpan")]
    public async Task Bad_config_stops_the_published_agent_naming_the_setting(string interval, string expected)
    {
        var config = new
        {
            Agent = new { Id = "aot-host", DataPath = _temp.Combine("agent"), CollectorUrl = "https://127.0.0.1:9", Token = "t" },
            Probes = new[] { new { Type = "files", Name = "job", Path = _temp.Path, Pattern = "*.bak", Interval = interval } },
        };

        await using var agent = AgentProcess.StartExecutable(AotAgent.Executable(), _temp.Combine("agent.json"), config);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await agent.WaitForExitAsync(deadline.Token);

        Assert.Equal(2, agent.ExitCode);
        Assert.Contains(expected, agent.Output, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string value) =>
        (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;
}
