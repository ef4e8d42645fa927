using System.Diagnostics;
using System.Globalization;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Store;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackupHealth.Benchmarks;

/// <summary>The durable store alone: the same batches the ingest benchmark sends, already validated and converted,
/// queued straight into the collector's group-commit writer (no gRPC). It shows what one stored row costs the
/// writer thread, which bounds durable ingest.</summary>
internal static class StoreBenchmark
{
    public static async Task RunAsync(int[] agentCounts, int observations)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"bh-store-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var connections = new SqliteConnectionFactory(Path.Combine(folder, SqliteConnectionFactory.FileName));
            var siteId = Prepare(connections);
            await using var writer = new StoreWriter(connections, NullLogger<StoreWriter>.Instance);
            writer.Start();

            // Untimed: as in the ingest benchmark, 300,000 rows first (JIT, SQLite's cache, a table that is not empty).
            for (var round = 0; round < 3; round++)
            {
                await MeasureAsync(writer, siteId, 100, 100_000, $"warm{round}");
            }

            Console.WriteLine("| agents | observations | store only (rows/s) | process CPU per row |");
            Console.WriteLine("|---:|---:|---:|---:|");
            foreach (var agents in agentCounts)
            {
                var (rate, cpuPerRow) = await MeasureAsync(writer, siteId, agents, observations, $"a{agents}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {agents:N0} | {observations:N0} | {rate:N0} | {cpuPerRow:N1} µs |"));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static long Prepare(SqliteConnectionFactory connections)
    {
        using var connection = connections.OpenWriter();
        new SchemaMigrator(Migration.LoadEmbedded(), NullLogger.Instance).Migrate(connection, TimeProvider.System);
        var site = new SiteOptions { Customer = "Bench Customer", Site = "Bench Site", AgentTokens = { "benchmark-token-0123456789" } };
        SiteSeeder.Seed(connection, [site], DateTimeOffset.UtcNow);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM sites";
        return (long)command.ExecuteScalar()!;
    }

    private static async Task<(double Rate, double CpuMicrosPerRow)> MeasureAsync(StoreWriter writer, long siteId, int agents, int observations, string run)
    {
        var now = DateTimeOffset.UtcNow;
        var perAgent = observations / agents;
        var work = new List<(long AgentId, ObservationRow[][] Batches)>();
        for (var a = 0; a < agents; a++)
        {
            var key = $"store-{run}-{a:D4}";
            var hello = new Hello { AgentId = key, AgentVersion = "bench", HostName = key, OsDescription = "bench" };
            var agentId = await writer.ExecuteAsync(s => s.ConnectAgent(siteId, hello, UnixMs.From(now)), CancellationToken.None);
            var priming = ObservationRow.From(SimulatedAgent.MakePrimingBatch(key, now).Observations);
            await writer.ExecuteAsync(s => s.InsertObservations(agentId, priming, UnixMs.From(now)), CancellationToken.None, priming.Length);
            var batches = SimulatedAgent.MakeBatches(key, perAgent, IngestBenchmark.BatchSize, now)
                .Select(b => ObservationRow.From(b.Observations)).ToArray();
            work.Add((agentId, batches));
        }

        var receivedAt = UnixMs.From(now);
        var rounds = work.Max(w => w.Batches.Length);
        var pending = new List<Task<int>>();
        var cpuBefore = WriterCpu();
        var clock = Stopwatch.StartNew();
        // Round-robin over the agents, as their streams would interleave.
        for (var b = 0; b < rounds; b++)
        {
            foreach (var (agentId, batches) in work)
            {
                if (b < batches.Length)
                {
                    var rows = batches[b];
                    pending.Add(await writer.EnqueueAsync(s => s.InsertObservations(agentId, rows, receivedAt), rows.Length, CancellationToken.None));
                }
            }
        }

        var stored = (await Task.WhenAll(pending)).Sum();
        clock.Stop();
        var cpu = WriterCpu() - cpuBefore;
        if (stored != perAgent * agents)
        {
            throw new InvalidOperationException($"{run}: stored {stored} of {perAgent * agents} rows.");
        }

        return (stored / clock.Elapsed.TotalSeconds, cpu.TotalMicroseconds / stored);
    }

    /// <summary>Process CPU time. While a run is timed the writer is the busy thread (the loop that queues the
    /// prepared batches mostly waits for room), so this is the writer's CPU plus a little queueing.</summary>
    private static TimeSpan WriterCpu() => Process.GetCurrentProcess().TotalProcessorTime;
}
