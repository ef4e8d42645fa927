using BackupHealth.Contracts.V1;
using Grpc.Core;

namespace BackupHealth.Collector.Tests.Support;

/// <summary>One agent's ingest stream over a real gRPC channel, driven by hand.</summary>
internal sealed class TestAgent : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<AgentMessage, CollectorMessage> _call;
    private readonly CancellationTokenSource _deadline = new(BackupHealth.Testing.Poll.DefaultTimeout);

    private TestAgent(AsyncDuplexStreamingCall<AgentMessage, CollectorMessage> call) => _call = call;

    public Welcome Welcome { get; private set; } = null!;

    public ulong LastAck { get; private set; }

    public static Hello Hello(string agentId) => new()
    {
        AgentId = agentId,
        AgentVersion = "1.2.3",
        HostName = $"{agentId}.example.test",
        OsDescription = "Linux",
        Probes = { new ConfiguredProbe { Name = "nightly-files", Type = "files" } },
    };

    public static Metadata Bearer(string? token) => token is null ? [] : new Metadata { { "authorization", $"Bearer {token}" } };

    /// <summary>Opens a stream, sends Hello and waits for the Welcome.</summary>
    public static async Task<TestAgent> ConnectAsync(Contracts.V1.Ingest.IngestClient client, string? token, string agentId)
    {
        var agent = Open(client, token);
        await agent.SendAsync(new AgentMessage { Hello = Hello(agentId) });
        var first = await agent.ReadAsync();
        agent.Welcome = first?.Welcome ?? throw new InvalidOperationException($"expected a Welcome, got {first}");
        return agent;
    }

    /// <summary>Opens a stream with <paramref name="token"/>, sends a Hello and returns the error the call ends with.</summary>
    public static async Task<RpcException> RefusedAsync(Contracts.V1.Ingest.IngestClient client, string? token, string agentId)
    {
        await using var agent = Open(client, token);
        await agent.TrySendAsync(new AgentMessage { Hello = Hello(agentId) });
        return await agent.WaitForErrorAsync();
    }

    /// <summary>Opens a stream and sends nothing yet.</summary>
    public static TestAgent Open(Contracts.V1.Ingest.IngestClient client, string? token) =>
        new(client.Connect(Bearer(token)));

    public Task SendAsync(AgentMessage message) => _call.RequestStream.WriteAsync(message, _deadline.Token);

    /// <summary>Sends, ignoring a failure to write: the server may already have ended the call, and what it said
    /// is what the test reads next.</summary>
    public async Task TrySendAsync(AgentMessage message)
    {
        try
        {
            await SendAsync(message);
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException)
        {
        }
    }

    public Task SendBatchAsync(ObservationBatch batch) => SendAsync(new AgentMessage { Observations = batch });

    /// <summary>Sends <paramref name="message"/>, then an empty batch, and waits for that batch's ack: the collector
    /// handles a stream's messages in order, so the ack says the message before it is committed too.</summary>
    public async Task SendCommittedAsync(AgentMessage message)
    {
        await SendAsync(message);
        var next = LastAck + 1;
        await SendBatchAsync(new ObservationBatch { Sequence = next });
        await WaitForAckAsync(next);
    }

    /// <summary>Reads until an Ack covering <paramref name="sequence"/> arrives.</summary>
    public async Task WaitForAckAsync(ulong sequence)
    {
        while (LastAck < sequence)
        {
            var message = await ReadAsync() ?? throw new InvalidOperationException($"the stream ended before ack {sequence}");
            if (message.BodyCase == CollectorMessage.BodyOneofCase.Ack)
            {
                Assert.True(message.Ack.Sequence > LastAck, $"acks must increase: {LastAck} then {message.Ack.Sequence}");
                LastAck = message.Ack.Sequence;
            }
        }
    }

    /// <summary>Reads until the call ends with an error and returns it; acks read on the way are recorded.</summary>
    public async Task<RpcException> WaitForErrorAsync()
    {
        try
        {
            while (await ReadAsync() is { } message)
            {
                if (message.BodyCase == CollectorMessage.BodyOneofCase.Ack)
                {
                    LastAck = message.Ack.Sequence;
                }
            }
        }
        catch (RpcException ex)
        {
            return ex;
        }

        throw new InvalidOperationException("the call ended without an error");
    }

    /// <summary>Ends the request stream and reads to the end of the call.</summary>
    public async Task CompleteAsync()
    {
        await _call.RequestStream.CompleteAsync();
        while (await ReadAsync() is { } message)
        {
            if (message.BodyCase == CollectorMessage.BodyOneofCase.Ack)
            {
                LastAck = message.Ack.Sequence;
            }
        }
    }

    public Metadata Trailers() => _call.GetTrailers();

    public ValueTask DisposeAsync()
    {
        _call.Dispose();
        _deadline.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<CollectorMessage?> ReadAsync() =>
        await _call.ResponseStream.MoveNext(_deadline.Token) ? _call.ResponseStream.Current : null;
}
