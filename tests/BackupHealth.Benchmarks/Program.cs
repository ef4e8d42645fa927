using System.Globalization;
using System.Runtime.InteropServices;
using BackupHealth.Benchmarks;

// Usage: dotnet run -c Release --project tests/BackupHealth.Benchmarks -- [ingest] [store] [agent-memory] [xva]
//        [dashboard] [--agents 1,100,1000] [--observations 200000] [--idle-seconds 60] [--xva-gib 1,4] [--iterations 200]
//        aot-agent [--minutes 10] [--export-gib 4] [--agent PATH]   (only when named; needs build.ps1 publish first)
// Prints markdown rows for docs/benchmarks.md.
var options = BenchOptions.Parse(args);
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}");
Console.WriteLine($"cpu: {MachineInfo.CpuModel()}; memory: {MachineInfo.TotalMemory()}");
Console.WriteLine();

if (options.Run("ingest"))
{
    await using var collector = await CollectorUnderTest.StartAsync();
    var (noop, noopUri) = await NoopIngestServer.StartAsync();
    await using (noop)
    {
        // Warm up both servers before anything is timed, long enough for tiered JIT to finish with the hot paths
        // (a collector runs for months; its first minute of JIT work is not its ingest rate) and SQLite's caches to fill.
        for (var round = 0; round < 3; round++)
        {
            await IngestBenchmark.MeasureAsync(noopUri, collector.Token, 100, 100_000, $"warm{round}");
            await IngestBenchmark.MeasureAsync(collector.GrpcUri, collector.Token, 100, 100_000, $"warm{round}");
        }

        Console.WriteLine($"Untimed per agent: connect, Hello/Welcome, one batch of {SimulatedAgent.JobsPerAgent} observations (one per job, so every job");
        Console.WriteLine($"exists, as for an agent that has been reporting for a while) and its Ack. Timed: the observations below in batches of");
        Console.WriteLine($"up to {IngestBenchmark.BatchSize}, at most {IngestBenchmark.Window} unacknowledged per agent, until the last Ack.");
        Console.WriteLine();
        Console.WriteLine("| agents | observations | no-op stream server (obs/s) | durable collector, SQLite (obs/s) | durable / no-op | process CPU per obs, no-op / durable | store writer CPU per obs | writer waiting for a core | allocated per obs, no-op / durable |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var agents in options.Agents)
        {
            var run = $"a{agents}";
            var noopRun = await IngestBenchmark.MeasureAsync(noopUri, collector.Token, agents, options.Observations, run);
            var durable = await IngestBenchmark.MeasureAsync(collector.GrpcUri, collector.Token, agents, options.Observations, run);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {agents:N0} | {options.Observations:N0} | {noopRun.Rate:N0} | {durable.Rate:N0} | {durable.Rate / noopRun.Rate:P0} | {noopRun.ProcessCpuMicros:N1} / {durable.ProcessCpuMicros:N1} µs | {durable.WriterCpuMicros:N1} µs | {durable.WriterRunnableWaiting:P0} | {noopRun.AllocatedBytes:N0} / {durable.AllocatedBytes:N0} B |"));
        }

        Console.WriteLine();
        Console.WriteLine($"rows stored in the collector: {collector.CountObservations():N0}");
    }
}

if (options.Run("store"))
{
    Console.WriteLine();
    await StoreBenchmark.RunAsync(options.Agents, options.Observations);
}

if (options.Run("agent-memory"))
{
    Console.WriteLine();
    await AgentMemoryBenchmark.RunAsync(TimeSpan.FromSeconds(options.IdleSeconds));
}

if (options.Run("xva"))
{
    Console.WriteLine();
    await XvaBenchmark.RunAsync(options.XvaGiB);
}

if (options.Run("aot-agent"))
{
    Console.WriteLine();
    await AotAgentBenchmark.RunAsync(
        options.AgentPath.Length > 0 ? Path.GetFullPath(options.AgentPath) : AotAgentBenchmark.DefaultAgentPath(),
        TimeSpan.FromMinutes(options.Minutes),
        options.ExportGiB);
}

if (options.Run("dashboard"))
{
    Console.WriteLine();
    await DashboardBenchmark.RunAsync(options.Iterations);
}

return 0;
