using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace BackupHealth.Benchmarks;

/// <summary>One agent's stream as the real agent drives it: Hello, then batches with a window of unacknowledged
/// ones, done when every batch is acknowledged.</summary>
/// <remarks>Real agents report the same jobs for years, so the untimed connect phase also sends one batch that
/// reports every job once (<see cref="MakePrimingBatch"/>); the timed phase then measures the steady state, not the
/// first sighting of each job.</remarks>
internal sealed class SimulatedAgent(GrpcChannel channel, string token, string agentId, ObservationBatch priming, IReadOnlyList<ObservationBatch> batches, int window)
{
    public const int JobsPerAgent = 20;

    /// <summary>Observations sent in the timed phase.</summary>
    public int Observations { get; } = batches.Sum(b => b.Observations.Count);

    /// <summary>Sequence 1: one observation for each of the agent's jobs.</summary>
    public static ObservationBatch MakePrimingBatch(string agentId, DateTimeOffset now)
    {
        var batch = new ObservationBatch { Sequence = 1 };
        for (var j = 0; j < JobsPerAgent; j++)
        {
            batch.Observations.Add(MakeObservation($"{agentId}-prime-{j:D2}", j, now));
        }

        return batch;
    }

    /// <summary>The timed batches, from sequence 2 on (after the priming batch).</summary>
    public static IReadOnlyList<ObservationBatch> MakeBatches(string agentId, int observations, int batchSize, DateTimeOffset now)
    {
        var result = new List<ObservationBatch>();
        for (var i = 0; i < observations; i += batchSize)
        {
            var batch = new ObservationBatch { Sequence = (ulong)result.Count + 2 };
            for (var j = i; j < Math.Min(observations, i + batchSize); j++)
            {
                batch.Observations.Add(MakeObservation($"{agentId}-{j:D8}", j, now));
            }

            result.Add(batch);
        }

        return result;
    }

    internal static Observation MakeObservation(string id, int j, DateTimeOffset now)
    {
        var end = Timestamp.FromDateTimeOffset(now.AddMinutes(-5));
        var start = Timestamp.FromDateTimeOffset(now.AddMinutes(-65));
        return new Observation
        {
            Id = id,
            SourceKind = "veeam.vbr",
            JobKey = $"job-{j % JobsPerAgent}",
            JobName = $"SQL{j % JobsPerAgent:D2} nightly",
            ProtectedObject = $"vm-{j % JobsPerAgent}",
            Status = RunStatus.Success,
            StartTime = start,
            EndTime = end,
            ObservedAt = end,
            SizeBytes = 182L * 1024 * 1024 * 1024 + j,
            Verification = new Verification { State = VerificationState.NotVerified },
            Message = "Backup job finished with Success.",
            ProbeName = "vbr",
            Attributes = { ["session"] = Guid.NewGuid().ToString() },
        };
    }

    private AsyncDuplexStreamingCall<AgentMessage, CollectorMessage>? _call;

    /// <summary>Opens the stream, waits for the Welcome, sends the priming batch and waits for its Ack; not part of
    /// the timed phase.</summary>
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

        await _call.RequestStream.WriteAsync(new AgentMessage { Observations = priming }, cancellationToken);
        while (await _call.ResponseStream.MoveNext(cancellationToken))
        {
            if (_call.ResponseStream.Current.BodyCase == CollectorMessage.BodyOneofCase.Ack
                && _call.ResponseStream.Current.Ack.Sequence == priming.Sequence)
            {
                return;
            }
        }

        throw new InvalidOperationException($"{agentId}: the priming batch was not acknowledged");
    }

    /// <summary>Sends every batch, at most <c>window</c> unacknowledged, and returns when the last is acknowledged.</summary>
    public async Task SendAllAsync(CancellationToken cancellationToken)
    {
        var call = _call ?? throw new InvalidOperationException("not connected");
        using var credits = new SemaphoreSlim(window);
        // A stream the collector ends (a refused batch, a quota) stops the sending too, instead of leaving it waiting
        // for credits that never come.
        using var streamEnded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var lastSequence = batches[^1].Sequence;
        var acks = Task.Run(async () =>
        {
            try
            {
                var acked = priming.Sequence;
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
            }
            catch
            {
                await streamEnded.CancelAsync();
                throw;
            }
        }, cancellationToken);

        try
        {
            foreach (var batch in batches)
            {
                await credits.WaitAsync(streamEnded.Token);
                await call.RequestStream.WriteAsync(new AgentMessage { Observations = batch }, streamEnded.Token);
            }
        }
        catch (OperationCanceledException) when (acks.IsFaulted)
        {
            // The reason is the ack reader's: awaited below.
        }

        await acks;
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
        }

        call.Dispose();
    }
}
