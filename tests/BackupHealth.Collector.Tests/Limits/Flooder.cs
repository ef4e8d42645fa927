using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts;
using Grpc.Core;

namespace BackupHealth.Collector.Tests.Limits;

/// <summary>An agent that sends full batches as fast as the stream takes them and, when a stream is ended, opens the
/// next one at once: what a stolen site token on a loop does, ignoring any retry-after.</summary>
internal sealed class Flooder(TestCollector collector, string agentId)
{
    private readonly List<RpcException> _endings = [];
    private long _sentBatches;
    private long _acked;

    /// <summary>How every stream ended so far.</summary>
    public IReadOnlyList<RpcException> Endings
    {
        get
        {
            lock (_endings)
            {
                return [.. _endings];
            }
        }
    }

    /// <summary>Observations the collector acknowledged.</summary>
    public long Acked => Interlocked.Read(ref _acked);

    public long SentBatches => Interlocked.Read(ref _sentBatches);

    /// <summary>Floods on <paramref name="streams"/> streams at once until <paramref name="stop"/>.</summary>
    public Task RunAsync(int streams, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, streams).Select(stream => Task.Run(() => StreamAsync(stream, stop), CancellationToken.None)));

    private async Task StreamAsync(int stream, CancellationToken stop)
    {
        for (var round = 0; !stop.IsCancellationRequested; round++)
        {
            TestAgent agent;
            try
            {
                agent = await collector.ConnectAsync(agentId);
            }
            catch (RpcException ex)
            {
                Record(ex);
                continue;
            }

            await using var _ = agent;
            try
            {
                for (ulong sequence = 1; !stop.IsCancellationRequested; sequence++)
                {
                    await agent.SendBatchAsync(Observations.Batch(sequence, $"flood-{stream}-{round}-{sequence}", ObservationLimits.MaxBatchObservations));
                    Interlocked.Increment(ref _sentBatches);
                }

                await agent.CompleteAsync();
            }
            catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException)
            {
                Record(await agent.WaitForErrorAsync());
            }

            Interlocked.Add(ref _acked, (long)agent.LastAck * ObservationLimits.MaxBatchObservations);
        }
    }

    private void Record(RpcException ending)
    {
        lock (_endings)
        {
            _endings.Add(ending);
        }
    }
}
