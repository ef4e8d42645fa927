using System.Threading.Channels;

namespace BackupHealth.Agent;

/// <summary>"Something changed, have a look": <see cref="Set"/> never blocks and is remembered until one waiter takes
/// it, so a change that happens between a look and the wait is not lost. Many sets collapse into one.</summary>
internal sealed class AsyncSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = false, SingleWriter = false });

    public void Set() => _channel.Writer.TryWrite(true);

    /// <summary>Forgets a pending set, for a caller about to look at the current state anyway.</summary>
    public void Reset() => _channel.Reader.TryRead(out _);

    public async ValueTask WaitAsync(CancellationToken cancellationToken) =>
        await _channel.Reader.ReadAsync(cancellationToken);
}
