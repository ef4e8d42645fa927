using System.Diagnostics;
using System.Globalization;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Connections;
using BackupHealth.Collector.Store.Sqlite.Ingest;
using BackupHealth.Collector.Store.Sqlite.Schema;
using BackupHealth.Collector.Store.Sqlite.Writer;
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

            await writer.StopAsync();
            Console.WriteLine();
            Console.WriteLine("SQLite's own floor for one observation row: the collector's insert statement alone (no job lookup or update, no");
            Console.WriteLine("queue), rows already converted, one job per agent, one transaction per 20,000 rows, same file, after the rows above:");
            Console.WriteLine();
            Console.WriteLine("| agents | observations | schema | rows/s | CPU per row (its thread) |");
            Console.WriteLine("|---:|---:|---|---:|---:|");
            var floorAgents = agentCounts.Max();
            foreach (var (schema, drop) in new[]
            {
                ("as the collector has it", ""),
                ("without the job/time and run indexes", "DROP INDEX observations_by_job_time; DROP INDEX observations_by_run;"),
            })
            {
                var (rate, cpuPerRow) = OnOwnThread(() => BareInsert(connections, floorAgents, observations, drop, $"floor{drop.Length}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {floorAgents:N0} | {observations:N0} | {schema} | {rate:N0} | {cpuPerRow:N1} µs |"));
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

    private const string FloorThreadName = "bh-bench-floor";

    /// <summary>Runs <paramref name="measure"/> on a thread of its own, named so that its CPU time can be read alone.</summary>
    private static T OnOwnThread<T>(Func<T> measure)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = measure();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }) { Name = FloorThreadName };
        thread.Start();
        thread.Join();
        return failure is null ? result : throw new InvalidOperationException("The floor measurement failed.", failure);
    }

    /// <summary>The bare insert statement over prepared rows, on this thread, after running <paramref name="ddl"/>.</summary>
    private static (double Rate, double CpuMicrosPerRow) BareInsert(SqliteConnectionFactory connections, int agents, int observations, string ddl, string run)
    {
        using var connection = connections.OpenWriter();
        if (ddl.Length > 0)
        {
            using var command = connection.CreateCommand();
            command.CommandText = ddl;
            command.ExecuteNonQuery();
        }

        // Real agents and one real job of each (the foreign keys are checked), from the runs above.
        var jobs = new List<(long AgentId, long JobId)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT agent_id, min(id) FROM jobs GROUP BY agent_id ORDER BY agent_id DESC LIMIT $n";
            command.Parameters.AddWithValue("$n", agents);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                jobs.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }
        }

        // The first pass, untimed, fills this new connection's page cache, as the writer's is after months of work.
        using var insert = new ObservationInsert(connection);
        Pass($"{run}-warm");
        return Pass(run);

        (double Rate, double CpuMicrosPerRow) Pass(string pass)
        {
            var now = DateTimeOffset.UtcNow;
            var perAgent = observations / agents;
            var rows = Enumerable.Range(0, agents)
                .Select(a => SimulatedAgent.MakeBatches($"{pass}-{a:D4}", perAgent, IngestBenchmark.BatchSize, now)
                    .Select(b => ObservationRow.From(b.Observations)).ToArray())
                .ToArray();
            var receivedAt = UnixMs.From(now);
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var cpuBefore = ThreadCpu.Of(FloorThreadName);
            var clock = Stopwatch.StartNew();
            var inTransaction = 0;
            var transaction = connection.BeginTransaction();
            for (var b = 0; b < rows[0].Length; b++)
            {
                for (var a = 0; a < agents; a++)
                {
                    foreach (ref readonly var row in rows[a][b].AsSpan())
                    {
                        insert.Insert(jobs[a].AgentId, jobs[a].JobId, row, StatusNames.Of(row.Status), row.End!.Value, receivedAt);
                    }

                    inTransaction += rows[a][b].Length;
                    if (inTransaction >= StoreWriter.DefaultMaxWeightPerCommit)
                    {
                        transaction.Commit();
                        transaction.Dispose();
                        transaction = connection.BeginTransaction();
                        inTransaction = 0;
                    }
                }
            }

            transaction.Commit();
            transaction.Dispose();
            clock.Stop();
            var cpu = ThreadCpu.Of(FloorThreadName) - cpuBefore;
            return (agents * perAgent / clock.Elapsed.TotalSeconds, cpu.TotalMicroseconds / (agents * perAgent));
        }
    }

    /// <summary>Process CPU time. While a run is timed the writer is the busy thread (the loop that queues the
    /// prepared batches mostly waits for room), so this is the writer's CPU plus a little queueing.</summary>
    private static TimeSpan WriterCpu() => Process.GetCurrentProcess().TotalProcessorTime;
}
