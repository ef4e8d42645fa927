using System.Threading.Channels;
using BackupHealth.Contracts.V1;
using Grpc.Core;

namespace BackupHealth.Collector.Ingest;

/// <summary>The one writer of a stream's acknowledgements. The read loop hands over each batch's commit task in
/// order; this awaits them in that order and acknowledges a sequence only once its batch (and every batch before
/// it) is committed. When several are already committed it sends one Ack for the newest, which by the contract
/// covers the earlier ones. The channel is bounded, so an agent can have only so many batches in flight.</summary>
internal sealed class AckPipeline(int capacity)
{
    private readonly Channel<PendingAck> _pending = Channel.CreateBounded<PendingAck>(
        new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Why acknowledging stopped (a failed commit, a broken stream), or null.</summary>
    public Exception? Failure { get; private set; }

    public ValueTask EnqueueAsync(ulong sequence, Task commit, CancellationToken cancellationToken) =>
        _pending.Writer.WriteAsync(new PendingAck(sequence, commit), cancellationToken);

    /// <summary>No more batches; <see cref="RunAsync"/> ends after acknowledging those already handed over.</summary>
    public void Complete() => _pending.Writer.TryComplete();

    /// <summary>Writes acks until completed. Never throws: a failure is kept in <see cref="Failure"/> and
    /// <paramref name="stream"/>'s token source is cancelled so that the read loop stops too.</summary>
    public async Task RunAsync(IAsyncStreamWriter<CollectorMessage> stream, CancellationTokenSource streamCancellation)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(streamCancellation);
        var reader = _pending.Reader;
        try
        {
            while (await reader.WaitToReadAsync(streamCancellation.Token))
            {
                if (!reader.TryRead(out var next))
                {
                    continue;
                }

                await next.Commit;
                var sequence = next.Sequence;
                while (reader.TryPeek(out var following) && following.Commit.IsCompletedSuccessfully && reader.TryRead(out following))
                {
                    sequence = following.Sequence;
                }

                await stream.WriteAsync(new CollectorMessage { Ack = new Ack { Sequence = sequence } }, streamCancellation.Token);
            }
        }
        catch (Exception ex)
        {
            Failure = ex;
            _pending.Writer.TryComplete();
            await streamCancellation.CancelAsync();
        }
    }

    private readonly record struct PendingAck(ulong Sequence, Task Commit);
}
