using System.Threading.Channels;

namespace BackupHealth.Collector.Notify;

/// <summary>Wakes the dispatcher early when notifications were queued. Signals coalesce: many sets before the
/// dispatcher looks wake it once.</summary>
internal sealed class NotificationSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Set() => _channel.Writer.TryWrite(true);

    /// <summary>Completes when signalled (consuming the signal).</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await _channel.Reader.ReadAsync(cancellationToken);
    }
}
