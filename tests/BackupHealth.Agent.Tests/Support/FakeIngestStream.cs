using System.Threading.Channels;
using BackupHealth.Agent.Transport;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Agent.Tests.Support;

/// <summary>A stream at our own gRPC seam: the test plays the collector by replying, failing or ending, and reads
/// what the agent wrote. Like grpc-dotnet's stream writers it refuses a write while the previous one is still in
/// progress; <see cref="HoldWrites"/> keeps writes in progress until <see cref="ReleaseWrites"/>, so that a test can
/// make the agent want to write meanwhile.</summary>
internal sealed class FakeIngestStream : IIngestStream
{
    /// <summary>grpc-dotnet's words for a write started while another is pending.</summary>
    public const string WriteInProgress = "Can't write the message because the previous write is in progress.";

    private static readonly object EndOfStream = new();
    private readonly Channel<object> _incoming = Channel.CreateUnbounded<object>();
    private readonly Channel<AgentMessage> _sent = Channel.CreateUnbounded<AgentMessage>();
    private readonly Lock _writeLock = new();
    private Task _lastWrite = Task.CompletedTask;
    private TaskCompletionSource? _held;
    private readonly TaskCompletionSource _writeHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _refusedWrites;

    private Grpc.Core.RpcException? _finalError;
    private Exception? _writeFailure;

    public bool Disposed { get; private set; }

    /// <summary>The collector ended the call with <paramref name="final"/>; the agent's next write fails with a bare
    /// "call is complete" error while its read is still pending, as can happen with a real call.</summary>
    public void EndCallWhileWriting(Grpc.Core.RpcException final)
    {
        _finalError = final;
        _writeFailure = new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unknown, "the call is complete"));
    }

    public Grpc.Core.RpcException? FinalError() => _finalError;

    public void Reply(CollectorMessage message) => _incoming.Writer.TryWrite(message);

    public void Welcome(string site = "site-1") =>
        Reply(new CollectorMessage { Welcome = new Welcome { CollectorVersion = "test", Customer = "acme", Site = site } });

    /// <summary>Replies Welcome and takes what an agent sends first after it: a heartbeat with its outbox depth.</summary>
    public async Task<Heartbeat> WelcomeAsync(string site = "site-1")
    {
        Welcome(site);
        var first = await NextSentAsync();
        Assert.Equal(AgentMessage.BodyOneofCase.Heartbeat, first.BodyCase);
        return first.Heartbeat;
    }

    public void Ack(ulong sequence) => Reply(new CollectorMessage { Ack = new Ack { Sequence = sequence } });

    public void Fail(Exception exception)
    {
        _finalError = exception as Grpc.Core.RpcException;
        _incoming.Writer.TryWrite(exception);
    }

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

    /// <summary>Writes refused because another was in progress; the agent must never cause one.</summary>
    public int RefusedWrites => Volatile.Read(ref _refusedWrites);

    /// <summary>From now on a write stays in progress until <see cref="ReleaseWrites"/>.</summary>
    public void HoldWrites()
    {
        lock (_writeLock)
        {
            _held ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Completes the held writes and lets later ones through at once.</summary>
    public void ReleaseWrites()
    {
        TaskCompletionSource? held;
        lock (_writeLock)
        {
            held = _held;
            _held = null;
        }

        held?.TrySetResult();
    }

    /// <summary>Completes when a write is being held.</summary>
    public Task WriteHeld => _writeHeld.Task;

    public Task WriteAsync(AgentMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_writeFailure is not null)
        {
            throw _writeFailure;
        }

        lock (_writeLock)
        {
            if (!_lastWrite.IsCompleted)
            {
                Interlocked.Increment(ref _refusedWrites);
                return Task.FromException(new InvalidOperationException(WriteInProgress));
            }

            var copy = message.Clone();
            _lastWrite = _held is { } held ? CompleteWhenReleased(copy, held.Task, cancellationToken) : Sent(copy);
            return _lastWrite;
        }
    }

    private Task Sent(AgentMessage message)
    {
        _sent.Writer.TryWrite(message);
        return Task.CompletedTask;
    }

    private async Task CompleteWhenReleased(AgentMessage message, Task released, CancellationToken cancellationToken)
    {
        _writeHeld.TrySetResult();
        await released.WaitAsync(cancellationToken);
        await Sent(message);
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
