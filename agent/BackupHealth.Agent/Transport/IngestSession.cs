using System.Threading.Channels;
using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Outbox;
using BackupHealth.Agent.Probes;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Transport;

/// <summary>The life of one stream: Hello, wait for Welcome, report probe health, then send outbox batches (at most
/// MaxInFlightBatches unacknowledged), heartbeats and health changes until the stream ends. All writes go through one
/// bounded channel to a single writer, as a gRPC stream allows only one pending write.</summary>
internal sealed class IngestSession : IDisposable
{
    private readonly IIngestStream _stream;
    private readonly ObservationOutbox _outbox;
    private readonly ProbeHealthBoard _health;
    private readonly AgentOptions _options;
    private readonly Hello _hello;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Channel<AgentMessage> _outgoing;
    private readonly SemaphoreSlim _slots;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<ulong, OutboxBatch> _inFlight = [];
    private ulong _sequence;

    // 1 once a heartbeat reported a backlog, until the heartbeat that says it is gone.
    private int _backlogReported;
    private TimeSpan _heartbeatInterval;
    private int _maxBatchObservations;

    public IngestSession(
        IIngestStream stream,
        ObservationOutbox outbox,
        ProbeHealthBoard health,
        AgentOptions options,
        Hello hello,
        TimeProvider timeProvider,
        ILogger logger)
    {
        _stream = stream;
        _outbox = outbox;
        _health = health;
        _options = options;
        _hello = hello;
        _timeProvider = timeProvider;
        _logger = logger;
        _outgoing = Channel.CreateBounded<AgentMessage>(new BoundedChannelOptions(options.MaxInFlightBatches + 8) { SingleReader = true });
        _slots = new SemaphoreSlim(options.MaxInFlightBatches, options.MaxInFlightBatches);
        _heartbeatInterval = options.HeartbeatInterval;
        _maxBatchObservations = options.MaxBatchObservations;
    }

    /// <summary>Runs until the stream ends or <paramref name="cancellationToken"/> fires. Never throws: a failure is
    /// classified by <see cref="StreamErrorPolicy"/>. Batches sent but not acknowledged go back to the outbox.</summary>
    public async Task<SessionOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var welcomed = false;
        try
        {
            await HandshakeAsync(cancellationToken);
            welcomed = true;
            await PumpAsync(cancellationToken);
            return new SessionOutcome(welcomed, new StreamError(StreamErrorKind.Retry, "the collector ended the stream"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new SessionOutcome(welcomed, null);
        }
#pragma warning disable CA1031 // Whatever ends a stream, the agent reconnects; the policy words the reason.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var error = StreamErrorPolicy.Classify(_stream.FinalError() ?? ex);
            if (error.Kind == StreamErrorKind.Rejected)
            {
                SetAsideRejected(error);
            }

            return new SessionOutcome(welcomed, error);
        }
        finally
        {
            _outbox.ReturnInFlight();
        }
    }

    public void Dispose() => _slots.Dispose();

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        _hello.AgentTime = Timestamp.FromDateTimeOffset(_timeProvider.GetUtcNow());
        await _stream.WriteAsync(new AgentMessage { Hello = _hello }, cancellationToken);
        var first = await _stream.ReadAsync(cancellationToken)
            ?? throw new RpcException(new Status(StatusCode.Unavailable, "the collector ended the stream before Welcome"));
        if (first.BodyCase != CollectorMessage.BodyOneofCase.Welcome)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"the collector sent {first.BodyCase} before Welcome"));
        }

        var welcome = first.Welcome;
        Apply(welcome.Settings);
        Log.Connected(_logger, _options.CollectorUrl, _options.Id, welcome.Customer, welcome.Site, welcome.CollectorVersion, _outbox.Depth);
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // The first heartbeat goes before anything else: a collector told of a backlog at once waits for it before
        // judging this agent's jobs, rather than judging them on the first half of an upload.
        await _outgoing.Writer.WriteAsync(Heartbeat(), cancellationToken);
        Task[] loops =
        [
            WriteLoopAsync(stop.Token),
            ReadLoopAsync(stop.Token),
            SendBatchesAsync(stop.Token),
            SendHeartbeatsAsync(stop.Token),
            SendHealthAsync(stop.Token),
        ];
        var first = await Task.WhenAny(loops);
        await stop.CancelAsync();
        foreach (var loop in loops.Where(l => l != first))
        {
            try
            {
                await loop;
            }
#pragma warning disable CA1031 // Only the loop that ended first says why the stream ended; the rest were stopped.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        await first;
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        await foreach (var message in _outgoing.Reader.ReadAllAsync(cancellationToken))
        {
            await _stream.WriteAsync(message, cancellationToken);
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        while (await _stream.ReadAsync(cancellationToken) is { } message)
        {
            switch (message.BodyCase)
            {
                case CollectorMessage.BodyOneofCase.Ack:
                    Acknowledge(message.Ack.Sequence);
                    if (_outbox.Depth == 0 && Interlocked.Exchange(ref _backlogReported, 0) == 1)
                    {
                        // The collector waits to judge this agent's jobs while it knows of a backlog: say at once that
                        // it is in, rather than at the next heartbeat.
                        await _outgoing.Writer.WriteAsync(Heartbeat(), cancellationToken);
                    }

                    break;
                case CollectorMessage.BodyOneofCase.Settings:
                    Apply(message.Settings);
                    break;
                default:
                    Log.UnexpectedCollectorMessage(_logger, message.BodyCase.ToString());
                    break;
            }
        }
    }

    /// <summary>An ack covers its sequence and everything before it on this stream.</summary>
    private void Acknowledge(ulong sequence)
    {
        var acknowledged = new List<OutboxBatch>();
        lock (_gate)
        {
            foreach (var key in _inFlight.Keys.TakeWhile(k => k <= sequence).ToList())
            {
                acknowledged.Add(_inFlight[key]);
                _inFlight.Remove(key);
            }
        }

        foreach (var batch in acknowledged)
        {
            _outbox.Acknowledge(batch);
        }

        if (acknowledged.Count > 0)
        {
            _slots.Release(acknowledged.Count);
            Log.BatchesAcknowledged(_logger, sequence, acknowledged.Count, acknowledged.Sum(b => b.Observations.Count));
        }
    }

    private async Task SendBatchesAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _slots.WaitAsync(cancellationToken);
            var batch = await TakeBatchAsync(cancellationToken);
            if (Volatile.Read(ref _backlogReported) == 0)
            {
                // New data after a heartbeat that said there was none: tell the collector before the first batch, so
                // it does not judge this agent's jobs on half of what is coming (a probe's first history, say).
                await _outgoing.Writer.WriteAsync(Heartbeat(), cancellationToken);
            }

            ulong sequence;
            lock (_gate)
            {
                sequence = ++_sequence;
                _inFlight[sequence] = batch;
            }

            var message = new ObservationBatch { Sequence = sequence };
            message.Observations.AddRange(batch.Observations);
            await _outgoing.Writer.WriteAsync(new AgentMessage { Observations = message }, cancellationToken);
        }
    }

    private async Task<OutboxBatch> TakeBatchAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_outbox.TryTakeBatch(Volatile.Read(ref _maxBatchObservations)) is { } batch)
            {
                return batch;
            }

            await _outbox.WaitForDataAsync(cancellationToken);
        }
    }

    private async Task SendHeartbeatsAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(_heartbeatInterval, _timeProvider, cancellationToken);
            await _outgoing.Writer.WriteAsync(Heartbeat(), cancellationToken);
        }
    }

    private AgentMessage Heartbeat()
    {
        var depth = _outbox.Depth;
        if (depth > 0)
        {
            Volatile.Write(ref _backlogReported, 1);
        }

        return new AgentMessage
        {
            Heartbeat = new Heartbeat
            {
                AgentTime = Timestamp.FromDateTimeOffset(_timeProvider.GetUtcNow()),
                OutboxDepth = depth,
                Probes = { _health.RunStatuses() },
            },
        };
    }

    private async Task SendHealthAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var snapshot = _health.Snapshot(resetChange: true);
            if (snapshot.Count > 0)
            {
                var report = new ProbeHealthReport();
                report.Probes.AddRange(snapshot);
                await _outgoing.Writer.WriteAsync(new AgentMessage { ProbeHealth = report }, cancellationToken);
            }

            // Job lists are small and change rarely; each change (and every new stream) sends them all again.
            foreach (var jobs in _health.JobLists())
            {
                await _outgoing.Writer.WriteAsync(new AgentMessage { Jobs = jobs }, cancellationToken);
            }

            // Inventories likewise: power states change now and then, guests rarely.
            foreach (var inventory in _health.Inventories())
            {
                await _outgoing.Writer.WriteAsync(new AgentMessage { Inventory = inventory }, cancellationToken);
            }

            await _health.WaitForChangeAsync(cancellationToken);
        }
    }

    /// <summary>Settings the collector pushed; an unset field keeps the agent's own value.</summary>
    private void Apply(AgentSettings? settings)
    {
        if (settings is null)
        {
            return;
        }

        if (settings.HeartbeatInterval is { } interval && interval.ToTimeSpan() >= TimeSpan.FromSeconds(1))
        {
            _heartbeatInterval = interval.ToTimeSpan();
        }

        if (settings.MaxBatchObservations > 0)
        {
            Volatile.Write(ref _maxBatchObservations, Math.Min(settings.MaxBatchObservations, ObservationLimits.MaxBatchObservations));
        }

        Log.CollectorSettingsApplied(_logger, _heartbeatInterval, _maxBatchObservations);
    }

    private void SetAsideRejected(StreamError error)
    {
        OutboxBatch? batch = null;
        lock (_gate)
        {
            if (error.RejectedSequence is { } sequence && _inFlight.Remove(sequence, out var found))
            {
                batch = found;
            }
        }

        if (batch is null)
        {
            Log.StreamRejected(_logger, error.Reason);
            return;
        }

        Log.BatchRejected(_logger, error.RejectedSequence!.Value, batch.Observations.Count, error.Reason);
        _outbox.Reject(batch, error.Reason);
    }
}
