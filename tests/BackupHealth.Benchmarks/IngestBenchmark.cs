using System.Diagnostics;
using Grpc.Net.Client;

namespace BackupHealth.Benchmarks;

/// <summary>Committed observations per second over loopback for N simulated agents, each on its own HTTP/2
/// connection and stream, as real agents are.</summary>
internal static class IngestBenchmark
{
    public const int BatchSize = 500;
    public const int Window = 8;

    public static async Task<double> MeasureAsync(Uri server, string token, int agents, int totalObservations, string runId)
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
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(simulated.Select(a => a.SendAllAsync(timeout.Token)));
        clock.Stop();
        foreach (var channel in channels)
        {
            channel.Dispose();
        }

        return simulated.Sum(a => a.Observations) / clock.Elapsed.TotalSeconds;
    }

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
