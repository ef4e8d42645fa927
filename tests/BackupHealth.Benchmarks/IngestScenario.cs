using System.Globalization;
using System.Runtime;

namespace BackupHealth.Benchmarks;

/// <summary>The <c>ingest</c> scenario: the real collector and a no-op stream server in this process, warmed up until
/// the JIT is done with them, then each agent count measured <see cref="BenchOptions.Repeat"/> times against both,
/// one run of each after the other. Prints every run and the medians.</summary>
internal static class IngestScenario
{
    private const int WarmAgents = 100;
    private const int WarmObservations = 100_000;
    private const int MinWarmRounds = 3;
    private const int MaxWarmRounds = 20;

    /// <summary>A warm-up round that compiles fewer methods than this (both servers together) ends the warm-up.</summary>
    private const int QuietJit = 20;

    public static async Task RunAsync(BenchOptions options)
    {
        await using var collector = await CollectorUnderTest.StartAsync();
        var (noop, noopUri) = await NoopIngestServer.StartAsync();
        await using (noop)
        {
            // A collector runs for months: its first minutes of tiered JIT work are not its ingest rate. Tiering goes
            // through several compilations per hot method (tier 0, instrumented, tier 1), on a background thread that
            // shares the two cores with the load, so it takes a few rounds; warm up until a round compiles almost
            // nothing (the timed phases print what they compiled, to show it stayed so).
            var rounds = 0;
            long compiled;
            do
            {
                var before = JitInfo.GetCompiledMethodCount();
                await IngestBenchmark.MeasureAsync(noopUri, collector.Token, WarmAgents, WarmObservations, $"warm{rounds}");
                await IngestBenchmark.MeasureAsync(collector.GrpcUri, collector.Token, WarmAgents, WarmObservations, $"warm{rounds}");
                compiled = JitInfo.GetCompiledMethodCount() - before;
                rounds++;
            }
            while (rounds < MaxWarmRounds && (rounds < MinWarmRounds || compiled >= QuietJit));

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Warm-up, untimed: {rounds} rounds of {WarmAgents} agents × {WarmObservations:N0} observations against each server, until a round JIT-compiled fewer than {QuietJit} methods (the last: {compiled})."));
            Console.WriteLine($"Untimed per agent: connect, Hello/Welcome, one batch of {SimulatedAgent.JobsPerAgent} observations (one per job, so every job");
            Console.WriteLine($"exists, as for an agent that has been reporting for a while) and its Ack, then a full blocking GC. Timed: the observations");
            Console.WriteLine($"below in batches of up to {IngestBenchmark.BatchSize}, at most {IngestBenchmark.Window} unacknowledged per agent, until the last Ack.");
            Console.WriteLine();
            Console.WriteLine("| agents | run | no-op stream server (obs/s) | durable collector, SQLite (obs/s) | durable / no-op | process CPU per obs, no-op / durable | store writer CPU per obs | writer waiting for a core | allocated per obs, no-op / durable | GC paused, no-op / durable | methods JIT-compiled, no-op / durable |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            var runs = new List<(int Agents, IngestBenchmark.IngestResult Noop, IngestBenchmark.IngestResult Durable)>();
            for (var repeat = 1; repeat <= options.Repeat; repeat++)
            {
                foreach (var agents in options.Agents)
                {
                    var run = $"r{repeat}a{agents}";
                    var n = await IngestBenchmark.MeasureAsync(noopUri, collector.Token, agents, options.Observations, run);
                    var d = await IngestBenchmark.MeasureAsync(collector.GrpcUri, collector.Token, agents, options.Observations, run);
                    runs.Add((agents, n, d));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {agents:N0} | {repeat} | {n.Rate:N0} | {d.Rate:N0} | {d.Rate / n.Rate:P0} | {n.ProcessCpuMicros:N1} / {d.ProcessCpuMicros:N1} µs | {d.WriterCpuMicros:N1} µs | {d.WriterRunnableWaiting:P0} | {n.AllocatedBytes:N0} / {d.AllocatedBytes:N0} B | {n.GcPaused:P0} / {d.GcPaused:P0} | {n.MethodsJitted} / {d.MethodsJitted} |"));
                }
            }

            Console.WriteLine();
            Console.WriteLine($"Medians over {options.Repeat} runs of {options.Observations:N0} observations:");
            Console.WriteLine();
            Console.WriteLine("| agents | no-op stream server (obs/s) | durable collector, SQLite (obs/s) | durable / no-op | process CPU per obs, no-op / durable | store writer CPU per obs |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
            foreach (var agents in options.Agents)
            {
                var of = runs.Where(r => r.Agents == agents).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {agents:N0} | {Median(of, r => r.Noop.Rate):N0} | {Median(of, r => r.Durable.Rate):N0} | {Median(of, r => r.Durable.Rate / r.Noop.Rate):P0} | {Median(of, r => r.Noop.ProcessCpuMicros):N1} / {Median(of, r => r.Durable.ProcessCpuMicros):N1} µs | {Median(of, r => r.Durable.WriterCpuMicros):N1} µs |"));
            }

            Console.WriteLine();
            Console.WriteLine($"rows stored in the collector: {collector.CountObservations():N0}");
        }
    }

    private static double Median<T>(IReadOnlyCollection<T> items, Func<T, double> value)
    {
        var sorted = items.Select(value).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
