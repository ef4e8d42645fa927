using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using BackupHealth.Collector.Store.Sqlite.Writer;
using BackupHealth.Testing;
using Grpc.Net.Client;

namespace BackupHealth.Benchmarks;

/// <summary>Committed observations per second over loopback for N simulated agents, each on its own HTTP/2
/// connection (TLS, trusting the test CA) and stream, as real agents are.</summary>
internal static class IngestBenchmark
{
    public const int BatchSize = 500;
    public const int Window = 8;

    /// <summary>Committed observations per second, and CPU per observation over the timed phase: the whole process
    /// (agents and server), and the collector's store writer thread alone (zero for the no-op server).</summary>
    public static async Task<IngestResult> MeasureAsync(Uri server, string token, int agents, int totalObservations, string runId)
    {
        var perAgent = Math.Max(1, totalObservations / agents);
        var now = DateTimeOffset.UtcNow;
        var channels = new List<GrpcChannel>();
        var simulated = new List<SimulatedAgent>();
        for (var i = 0; i < agents; i++)
        {
            var channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions
            {
                HttpHandler = TestTls.Trust(new SocketsHttpHandler { EnableMultipleHttp2Connections = false }),
            });
            channels.Add(channel);
            var id = $"{runId}-agent-{i:D4}";
            simulated.Add(new SimulatedAgent(channel, token, id, SimulatedAgent.MakePrimingBatch(id, now),
                SimulatedAgent.MakeBatches(id, perAgent, Math.Min(BatchSize, perAgent), now), Window));
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await ForEachLimitedAsync(simulated, a => a.ConnectAsync(timeout.Token), 50);

        // The simulated agents' batches were built just now, in this process (real agents build theirs in their own).
        // Left young, the GC would promote them during the timed phase and bill either server for it; collected now,
        // they wait in the oldest generation and each timed phase starts from the same clean young generation.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var jitBefore = JitInfo.GetCompiledMethodCount();
        var gcPauseBefore = GC.GetTotalPauseDuration();
        var processBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var writerBefore = ThreadCpu.Of(Collector.Store.Sqlite.Writer.StoreWriter.WriterThreadName);
        var delayBefore = ThreadCpu.RunDelayOf(Collector.Store.Sqlite.Writer.StoreWriter.WriterThreadName);
        var started = Stopwatch.GetTimestamp();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(simulated.Select(a => a.SendAllAsync(timeout.Token)));
        clock.Stop();
        var ended = Stopwatch.GetTimestamp();
        var process = Process.GetCurrentProcess().TotalProcessorTime - processBefore;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var writer = ThreadCpu.Of(Collector.Store.Sqlite.Writer.StoreWriter.WriterThreadName) - writerBefore;
        var writerDelay = ThreadCpu.RunDelayOf(Collector.Store.Sqlite.Writer.StoreWriter.WriterThreadName) - delayBefore;
        var jitted = JitInfo.GetCompiledMethodCount() - jitBefore;
        var gcPause = GC.GetTotalPauseDuration() - gcPauseBefore;
        // For `perf report --time` on a recording made with `perf record -k CLOCK_MONOTONIC` (Stopwatch reads that clock on Linux).
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timed {runId} {server}: {(double)started / Stopwatch.Frequency:F3},{(double)ended / Stopwatch.Frequency:F3}"));
        foreach (var channel in channels)
        {
            channel.Dispose();
        }

        var observations = simulated.Sum(a => a.Observations);
        return new IngestResult(observations / clock.Elapsed.TotalSeconds, process.TotalMicroseconds / observations,
            writer.TotalMicroseconds / observations, writerDelay / clock.Elapsed, allocated / (double)observations,
            jitted, gcPause / clock.Elapsed);
    }

    /// <param name="WriterRunnableWaiting">Share of the timed phase in which the store writer could have run but
    /// waited for a core (schedstat run delay).</param>
    /// <param name="AllocatedBytes">Bytes the whole process allocated on the GC heap per observation.</param>
    /// <param name="MethodsJitted">Methods the JIT compiled during the timed phase (tier-ups included): near zero
    /// once the warm-up has done its work.</param>
    /// <param name="GcPaused">Share of the timed phase in which the GC had the process paused.</param>
    internal readonly record struct IngestResult(double Rate, double ProcessCpuMicros, double WriterCpuMicros, double WriterRunnableWaiting,
        double AllocatedBytes, long MethodsJitted, double GcPaused);

    private static async Task ForEachLimitedAsync<T>(IEnumerable<T> items, Func<T, Task> action, int parallel)
    {
        using var gate = new SemaphoreSlim(parallel);
        await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync();
            try
            {
                await action(item);
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}
