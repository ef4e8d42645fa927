using System.Diagnostics;
using Grpc.Net.Client;

namespace BackupHealth.Benchmarks;

/// <summary>Committed observations per second over loopback for N simulated agents, each on its own HTTP/2
/// connection and stream, as real agents are.</summary>
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
                HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false },
            });
            channels.Add(channel);
            var id = $"{runId}-agent-{i:D4}";
            simulated.Add(new SimulatedAgent(channel, token, id, SimulatedAgent.MakePrimingBatch(id, now),
                SimulatedAgent.MakeBatches(id, perAgent, Math.Min(BatchSize, perAgent), now), Window));
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await ForEachLimitedAsync(simulated, a => a.ConnectAsync(timeout.Token), 50);
        var processBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var writerBefore = ThreadCpu.Of(Collector.Store.StoreWriter.WriterThreadName);
        var delayBefore = ThreadCpu.RunDelayOf(Collector.Store.StoreWriter.WriterThreadName);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(simulated.Select(a => a.SendAllAsync(timeout.Token)));
        clock.Stop();
        var process = Process.GetCurrentProcess().TotalProcessorTime - processBefore;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var writer = ThreadCpu.Of(Collector.Store.StoreWriter.WriterThreadName) - writerBefore;
        var writerDelay = ThreadCpu.RunDelayOf(Collector.Store.StoreWriter.WriterThreadName) - delayBefore;
        foreach (var channel in channels)
        {
            channel.Dispose();
        }

        var observations = simulated.Sum(a => a.Observations);
        return new IngestResult(observations / clock.Elapsed.TotalSeconds, process.TotalMicroseconds / observations,
            writer.TotalMicroseconds / observations, writerDelay / clock.Elapsed, allocated / (double)observations);
    }

    /// <param name="WriterRunnableWaiting">Share of the timed phase in which the store writer could have run but
    /// waited for a core (schedstat run delay).</param>
    /// <param name="AllocatedBytes">Bytes the whole process allocated on the GC heap per observation.</param>
    internal readonly record struct IngestResult(double Rate, double ProcessCpuMicros, double WriterCpuMicros, double WriterRunnableWaiting, double AllocatedBytes);

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
