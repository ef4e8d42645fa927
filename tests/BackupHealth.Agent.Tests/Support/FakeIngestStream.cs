using System.Threading.Channels;
using BackupHealth.Agent.Transport;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Agent.Tests.Support;

/// <summary>A stream at our own gRPC seam: the test plays the collector by replying, failing or ending, and reads
/// what the agent wrote.</summary>
internal sealed class FakeIngestStream : IIngestStream
{
    private static readonly object EndOfStream = new();
    private readonly Channel<object> _incoming = Channel.CreateUnbounded<object>();
    private readonly Channel<AgentMessage> _sent = Channel.CreateUnbounded<AgentMessage>();

    public bool Disposed { get; private set; }

    public void Reply(CollectorMessage message) => _incoming.Writer.TryWrite(message);

    public void Welcome(string site = "site-1") =>
        Reply(new CollectorMessage { Welcome = new Welcome { CollectorVersion = "test", Customer = "acme", Site = site } });

    public void Ack(ulong sequence) => Reply(new CollectorMessage { Ack = new Ack { Sequence = sequence } });

    public void Fail(Exception exception) => _incoming.Writer.TryWrite(exception);

    public void End() => _incoming.Writer.TryWrite(EndOfStream);

    /// <summary>The next message the agent wrote, skipping those <paramref name="skip"/> says to.</summary>
    public async Task<AgentMessage> NextSentAsync(Func<AgentMessage, bool>? skip = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var message = await _sent.Reader.ReadAsync(timeout.Token);
            if (skip is null || !skip(message))
            {
                return message;
            }
        }
    }

    public Task<AgentMessage> NextBatchAsync() => NextSentAsync(m => m.BodyCase != AgentMessage.BodyOneofCase.Observations);

    public bool TryTakeSent(out AgentMessage? message) => _sent.Reader.TryRead(out message);

    public Task WriteAsync(AgentMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _sent.Writer.TryWrite(message.Clone());
        return Task.CompletedTask;
    }

    public async Task<CollectorMessage?> ReadAsync(CancellationToken cancellationToken)
    {
        var next = await _incoming.Reader.ReadAsync(cancellationToken);
        return next switch
        {
            CollectorMessage message => message,
            Exception exception => throw exception,
            _ => null,
        };
    }

    public void Dispose() => Disposed = true;
}
