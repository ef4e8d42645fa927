using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using BackupHealth.IntegrationTests;
using Grpc.Net.Client;

namespace BackupHealth.BrowserTests;

/// <summary>An agent's ingest stream to a real collector, driven by the test: a Hello with any host name, then
/// batches of failed runs for jobs with any name. While it is open the agent shows as connected.</summary>
internal sealed class IngestStream : IAsyncDisposable
{
    private readonly GrpcChannel _channel;
    private readonly AsyncDuplexStreamingCall<AgentMessage, CollectorMessage> _call;
    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromSeconds(60));
    private ulong _sequence;
    private int _observations;

    private IngestStream(GrpcChannel channel, AsyncDuplexStreamingCall<AgentMessage, CollectorMessage> call)
    {
        _channel = channel;
        _call = call;
    }

    /// <summary>Connects, sends the Hello and waits for the Welcome.</summary>
    public static async Task<IngestStream> ConnectAsync(Uri grpc, string token, string agentId, string hostName, string version = "1.2.3")
    {
        var channel = CollectorServer.Channel(grpc);
        var call = new Ingest.IngestClient(channel).Connect(new Metadata { { "authorization", $"Bearer {token}" } });
        var stream = new IngestStream(channel, call);
        await stream.SendAsync(new AgentMessage
        {
            Hello = new Hello
            {
                AgentId = agentId,
                AgentVersion = version,
                HostName = hostName,
                OsDescription = "Linux",
                Probes = { new ConfiguredProbe { Name = "nightly-files", Type = "files" } },
            },
        });
        var first = await stream.ReadAsync();
        if (first?.BodyCase != CollectorMessage.BodyOneofCase.Welcome)
        {
            throw new InvalidOperationException($"expected a Welcome, got {first}");
        }

        return stream;
    }

    /// <summary>Sends one failed run of each job (key → display name) ending ten minutes ago and waits for the ack.</summary>
    public async Task SendFailedRunsAsync(IReadOnlyDictionary<string, string> jobs)
    {
        var end = DateTimeOffset.UtcNow.AddMinutes(-10);
        var batch = new ObservationBatch { Sequence = ++_sequence };
        foreach (var (key, name) in jobs)
        {
            batch.Observations.Add(new Observation
            {
                Id = $"browser-obs-{++_observations}",
                SourceKind = "files",
                JobKey = key,
                JobName = name,
                ProtectedObject = "vm01",
                Status = RunStatus.Failed,
                StartTime = Timestamp.FromDateTimeOffset(end.AddMinutes(-10)),
                EndTime = Timestamp.FromDateTimeOffset(end),
                SizeBytes = 0,
                Verification = new Verification { State = VerificationState.NotVerified },
                Message = "access denied",
                ObservedAt = Timestamp.FromDateTimeOffset(end.AddMinutes(1)),
                ProbeName = "nightly-files",
            });
        }

        await SendAndWaitForAckAsync(batch);
    }

    /// <summary>Sends the observations as they are, in one batch, and waits for the ack.</summary>
    public Task SendAsync(params Observation[] observations)
    {
        var batch = new ObservationBatch { Sequence = ++_sequence };
        batch.Observations.Add(observations);
        return SendAndWaitForAckAsync(batch);
    }

    private async Task SendAndWaitForAckAsync(ObservationBatch batch)
    {
        await SendAsync(new AgentMessage { Observations = batch });
        while (await ReadAsync() is { } message)
        {
            if (message.BodyCase == CollectorMessage.BodyOneofCase.Ack && message.Ack.Sequence >= batch.Sequence)
            {
                return;
            }
        }

        throw new InvalidOperationException($"the stream ended before ack {batch.Sequence}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _call.RequestStream.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException)
        {
            // The collector may have ended the call already; closing is all that is left to do.
        }

        _call.Dispose();
        _channel.Dispose();
        _deadline.Dispose();
    }

    private Task SendAsync(AgentMessage message) => _call.RequestStream.WriteAsync(message, _deadline.Token);

    private async Task<CollectorMessage?> ReadAsync() =>
        await _call.ResponseStream.MoveNext(_deadline.Token) ? _call.ResponseStream.Current : null;
}
