using BackupHealth.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace BackupHealth.Benchmarks.Soak;

/// <summary>One agent's ingest stream with one batch in flight at a time: Hello and Welcome, then a batch and its Ack,
/// timed from the write to the Ack.</summary>
internal sealed class SoakStream(GrpcChannel channel, string agentId) : IDisposable
{
    private AsyncDuplexStreamingCall<AgentMessage, CollectorMessage>? _call;
    private ulong _sequence;
    private long _next;

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        _call?.Dispose();
        _call = new Ingest.IngestClient(channel).Connect(
            new Metadata { { "authorization", $"Bearer {SoakCollector.SiteToken}" } }, cancellationToken: cancellationToken);
        await _call.RequestStream.WriteAsync(new AgentMessage
        {
            Hello = new Hello { AgentId = agentId, AgentVersion = "soak", HostName = agentId, OsDescription = "soak" },
        }, cancellationToken);
        if (!await _call.ResponseStream.MoveNext(cancellationToken) || _call.ResponseStream.Current.BodyCase != CollectorMessage.BodyOneofCase.Welcome)
        {
            throw new InvalidOperationException($"{agentId}: no Welcome");
        }

        _sequence = 0;
    }

    /// <summary>Sends <paramref name="count"/> new observations (20 jobs, as <see cref="SimulatedAgent"/>) and returns
    /// the milliseconds until their Ack. A refusal ends the stream with an <see cref="RpcException"/>.</summary>
    public async Task<double> SendAsync(int count, CancellationToken cancellationToken)
    {
        var call = _call ?? throw new InvalidOperationException("not connected");
        var now = DateTimeOffset.UtcNow;
        var batch = new ObservationBatch { Sequence = ++_sequence };
        for (var i = 0; i < count; i++)
        {
            var n = _next++;
            batch.Observations.Add(SimulatedAgent.MakeObservation($"{agentId}-{n:D10}", (int)(n % SimulatedAgent.JobsPerAgent), now));
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await call.RequestStream.WriteAsync(new AgentMessage { Observations = batch }, cancellationToken);
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            if (call.ResponseStream.Current.BodyCase == CollectorMessage.BodyOneofCase.Ack && call.ResponseStream.Current.Ack.Sequence >= batch.Sequence)
            {
                return System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }

        throw new RpcException(call.GetStatus());
    }

    public void Dispose() => _call?.Dispose();
}
