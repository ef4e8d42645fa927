using Grpc.Core;
using Grpc.Net.Client;

namespace BackupHealth.Benchmarks.Soak;

/// <summary>One agent sending batches of 500 back to back, far past any real agent's rate; when refused it waits the
/// retry-after the collector gave (1 s without one) and reconnects, as the real agent does.</summary>
internal sealed class Flooder(Uri grpc) : IDisposable
{
    public const int BatchSize = 500;

    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(grpc, new GrpcChannelOptions
    {
        HttpHandler = LoopbackAddresses.Handler(LoopbackAddresses.Flooder),
    });

    private long _accepted;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<StatusCode, int> _refusals = new();

    /// <summary>Observations acknowledged and refusals (by status) since the last call.</summary>
    public (long Accepted, IReadOnlyDictionary<StatusCode, int> Refusals) Take()
    {
        var refusals = new Dictionary<StatusCode, int>();
        foreach (var key in _refusals.Keys)
        {
            if (_refusals.TryRemove(key, out var count))
            {
                refusals[key] = count;
            }
        }

        return (Interlocked.Exchange(ref _accepted, 0), refusals);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stream = new SoakStream(_channel, "soak-flooder");
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await stream.ConnectAsync(cancellationToken);
                while (true)
                {
                    await stream.SendAsync(BatchSize, cancellationToken);
                    Interlocked.Add(ref _accepted, BatchSize);
                }
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                _refusals.AddOrUpdate(e.StatusCode, 1, (_, c) => c + 1);
                await Task.Delay(RetryAfter(e), cancellationToken);
            }
        }
    }

    private static TimeSpan RetryAfter(RpcException e) =>
        e.Trailers.GetValue("retry-after") is { } value && int.TryParse(value, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(Math.Min(seconds, 60))
            : TimeSpan.FromSeconds(1);

    public void Dispose() => _channel.Dispose();
}
