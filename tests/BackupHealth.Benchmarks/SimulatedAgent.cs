using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace BackupHealth.Benchmarks;

/// <summary>One agent's stream as the real agent drives it: Hello, then batches with a window of unacknowledged
/// ones, done when every batch is acknowledged.</summary>
internal sealed class SimulatedAgent(GrpcChannel channel, string token, string agentId, IReadOnlyList<ObservationBatch> batches, int window)
{
    public int Observations { get; } = batches.Sum(b => b.Observations.Count);

    public static IReadOnlyList<ObservationBatch> MakeBatches(string agentId, int observations, int batchSize, DateTimeOffset now)
    {
        var result = new List<ObservationBatch>();
        var end = Timestamp.FromDateTimeOffset(now.AddMinutes(-5));
        var start = Timestamp.FromDateTimeOffset(now.AddMinutes(-65));
        for (var i = 0; i < observations; i += batchSize)
        {
            var batch = new ObservationBatch { Sequence = (ulong)result.Count + 1 };
            for (var j = i; j < Math.Min(observations, i + batchSize); j++)
            {
                batch.Observations.Add(new Observation
                {
                    Id = $"{agentId}-{j:D8}",
                    SourceKind = "veeam.vbr",
                    JobKey = $"job-{j % 20}",
                    JobName = $"SQL{j % 20:D2} nightly",
                    ProtectedObject = $"vm-{j % 20}",
                    Status = RunStatus.Success,
                    StartTime = start,
                    EndTime = end,
                    ObservedAt = end,
                    SizeBytes = 182L * 1024 * 1024 * 1024 + j,
                    Verification = new Verification { State = VerificationState.NotVerified },
                    Message = "Backup job finished with Success.",
                    ProbeName = "vbr",
                    Attributes = { ["session"] = Guid.NewGuid().ToString() },
                });
            }

            result.Add(batch);
        }

        return result;
    }

    private AsyncDuplexStreamingCall<AgentMessage, CollectorMessage>? _call;

    /// <summary>Opens the stream and waits for the Welcome; not part of the timed phase.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new Ingest.IngestClient(channel);
        var headers = new Metadata { { "authorization", $"Bearer {token}" } };
        _call = client.Connect(headers, cancellationToken: cancellationToken);
        await _call.RequestStream.WriteAsync(new AgentMessage
        {
            Hello = new Hello { AgentId = agentId, AgentVersion = "bench", HostName = agentId, OsDescription = "bench" },
        }, cancellationToken);
        if (!await _call.ResponseStream.MoveNext(cancellationToken) || _call.ResponseStream.Current.BodyCase != CollectorMessage.BodyOneofCase.Welcome)
        {
            throw new InvalidOperationException($"{agentId}: no Welcome");
        }
    }

    /// <summary>Sends every batch, at most <c>window</c> unacknowledged, and returns when the last is acknowledged.</summary>
    public async Task SendAllAsync(CancellationToken cancellationToken)
    {
        var call = _call ?? throw new InvalidOperationException("not connected");
        using var credits = new SemaphoreSlim(window);
        var lastSequence = (ulong)batches.Count;
        var acks = Task.Run(async () =>
        {
            ulong acked = 0;
            while (acked < lastSequence && await call.ResponseStream.MoveNext(cancellationToken))
            {
                if (call.ResponseStream.Current.BodyCase == CollectorMessage.BodyOneofCase.Ack)
                {
                    var upTo = call.ResponseStream.Current.Ack.Sequence;
                    credits.Release((int)(upTo - acked));
                    acked = upTo;
                }
            }

            if (acked < lastSequence)
            {
                throw new InvalidOperationException($"{agentId}: stream ended at ack {acked} of {lastSequence}");
            }
        }, cancellationToken);

        foreach (var batch in batches)
        {
            await credits.WaitAsync(cancellationToken);
            await call.RequestStream.WriteAsync(new AgentMessage { Observations = batch }, cancellationToken);
        }

        await acks;
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
        }

        call.Dispose();
    }
}
