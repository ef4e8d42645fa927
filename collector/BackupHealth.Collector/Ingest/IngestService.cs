using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Limits;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Telemetry;
using BackupHealth.Contracts.V1;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Ingest;

/// <summary><c>backuphealth.v1.Ingest/Connect</c>: authenticate, check the Hello, then for every message validate
/// and hand it to the store. Acknowledgements are written by the stream's <see cref="AckPipeline"/> once the
/// store has committed; nothing here writes to the store directly.</summary>
internal sealed class IngestService(
    AgentAuthenticator authenticator,
    Enrolment.AgentCertificates certificates,
    IIngestStore store,
    StreamRegistry streams,
    ObservationQuota quota,
    TimeProvider time,
    IOptions<CollectorOptions> options,
    IOptions<LimitsOptions> limits,
    IHostApplicationLifetime lifetime,
    IngestTelemetry telemetry,
    RefusedStreamLog refusals,
    ILogger<IngestService> logger) : Contracts.V1.Ingest.IngestBase
{
    /// <summary>Batches one stream may have waiting for their commit before the collector stops reading it.</summary>
    public const int MaxBatchesInFlight = 8;

    public static readonly string CollectorVersion =
        typeof(IngestService).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public override async Task Connect(
        IAsyncStreamReader<AgentMessage> requestStream,
        IServerStreamWriter<CollectorMessage> responseStream,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        SiteIdentity site;
        Hello hello;
        StreamRegistry.OpenStream slot;
        try
        {
            var credentials = await authenticator.AuthenticateAsync(context);
            site = credentials.Site;
            hello = await ReadHelloAsync(requestStream, context);
            if (credentials.Certificate is { } certificate)
            {
                if (!string.Equals(hello.AgentId, certificate.AgentKey, StringComparison.Ordinal))
                {
                    throw IngestErrors.NotThisAgent(certificate.AgentKey, hello.AgentId);
                }

                await certificates.MarkUsedAsync(certificate);
            }

            slot = streams.TryOpen(site.SiteId, hello.AgentId) ?? throw IngestErrors.TooManyStreams();
        }
        catch (Exception ex) when (IngestErrors.ToStatus(ex, lifetime.ApplicationStopping.IsCancellationRequested) is RpcException refusal)
        {
            refusals.Refused(AddressKey.Of(context.GetHttpContext().Connection.RemoteIpAddress), refusal.Status.Detail);
            if (ReferenceEquals(refusal, ex))
            {
                throw;
            }

            throw refusal;
        }

        using var _ = slot;
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping, slot.Displaced);
        AgentStream agent;
        try
        {
            agent = new AgentStream(site, hello.AgentId, await store.ConnectAgentAsync(site.SiteId, hello, cancellation.Token),
                new AgentTags(site.Customer, site.Site, hello.AgentId));
        }
        catch (OperationCanceledException) when (slot.WasDisplaced)
        {
            throw slot.WasRevoked ? IngestErrors.Revoked(hello.AgentId) : IngestErrors.Replaced();
        }
        catch (Exception ex) when (IngestErrors.ToStatus(ex, lifetime.ApplicationStopping.IsCancellationRequested) is RpcException status)
        {
            throw status;
        }

        Log.AgentConnected(logger, agent.AgentKey, site.Customer, site.Site, context.Peer, hello.HostName, hello.AgentVersion);
        try
        {
            var welcome = new Welcome { CollectorVersion = CollectorVersion, Customer = site.Customer, Site = site.Site };
            await responseStream.WriteAsync(new CollectorMessage { Welcome = welcome }, cancellation.Token);
            await RunAsync(agent, requestStream, responseStream, cancellation);
        }
        catch (Exception ex) when (!context.CancellationToken.IsCancellationRequested)
        {
            // When the agent itself went away there is nobody to tell; otherwise say why the stream ends.
            if (slot.WasRevoked)
            {
                Log.StreamRevoked(logger, agent.AgentKey, site.Customer, site.Site);
                throw IngestErrors.Revoked(agent.AgentKey);
            }

            if (slot.WasDisplaced)
            {
                Log.StreamReplaced(logger, agent.AgentKey, site.Customer, site.Site);
                throw IngestErrors.Replaced();
            }

            var status = IngestErrors.ToStatus(ex, lifetime.ApplicationStopping.IsCancellationRequested);
            if (status is RpcException rpc)
            {
                Log.StreamRejected(logger, agent.AgentKey, site.Customer, site.Site, rpc.StatusCode, rpc.Status.Detail);
            }

            if (ReferenceEquals(status, ex))
            {
                throw;
            }

            throw status;
        }
        finally
        {
            await RecordDisconnectAsync(agent);
        }
    }

    /// <summary>Reads the Hello, waiting at most <c>Collector:Limits:HelloTimeout</c>: a stream that authenticated and
    /// then says nothing would otherwise hold its connection and memory for as long as the client likes.</summary>
    private async Task<Hello> ReadHelloAsync(IAsyncStreamReader<AgentMessage> requestStream, ServerCallContext context)
    {
        var timeout = limits.Value.HelloTimeout;
        using var deadline = new CancellationTokenSource(timeout, time);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, deadline.Token);
        try
        {
            if (!await requestStream.MoveNext(waiting.Token))
            {
                throw IngestErrors.OutOfOrder("the stream ended before a Hello");
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw IngestErrors.NoHello(timeout);
        }

        var first = requestStream.Current;
        if (first.BodyCase != AgentMessage.BodyOneofCase.Hello)
        {
            throw IngestErrors.OutOfOrder($"the first message must be a Hello, not {first.BodyCase}");
        }

        var error = HelloValidator.Validate(first.Hello);
        return error is null ? first.Hello : throw IngestErrors.Invalid(error);
    }

    private async Task RunAsync(
        AgentStream agent,
        IAsyncStreamReader<AgentMessage> requestStream,
        IServerStreamWriter<CollectorMessage> responseStream,
        CancellationTokenSource cancellation)
    {
        var acks = new AckPipeline(MaxBatchesInFlight);
        var acknowledging = acks.RunAsync(responseStream, cancellation);
        try
        {
            await ReadAsync(agent, requestStream, acks, cancellation.Token);
        }
        catch (Exception) when (acks.Failure is not null)
        {
            // The ack writer stopped first (a failed commit, a broken stream) and cancelled the read; its failure
            // is the one to report.
        }
        catch
        {
            // Batches committed before the bad input are still acknowledged, then the error ends the call.
            acks.Complete();
            await acknowledging;
            throw;
        }

        acks.Complete();
        await acknowledging;
        if (acks.Failure is not null)
        {
            throw acks.Failure;
        }
    }

    private async Task ReadAsync(AgentStream agent, IAsyncStreamReader<AgentMessage> requestStream, AckPipeline acks, CancellationToken cancellationToken)
    {
        ulong? lastSequence = null;
        while (await requestStream.MoveNext(cancellationToken))
        {
            var message = requestStream.Current;
            switch (message.BodyCase)
            {
                case AgentMessage.BodyOneofCase.Observations:
                    var batch = message.Observations;
                    var error = BatchValidator.Validate(batch, lastSequence, time.GetUtcNow(), options.Value.MaxClockSkew);
                    if (error is not null)
                    {
                        throw IngestErrors.InvalidBatch(batch.Sequence, error);
                    }

                    if (batch.Observations.Count > 0 && quota.Take(agent.Site, agent.AgentKey, batch.Observations.Count) is { } refusal)
                    {
                        throw IngestErrors.OverQuota(agent.AgentKey, batch.Sequence, batch.Observations.Count, refusal);
                    }

                    lastSequence = batch.Sequence;
                    var commit = batch.Observations.Count == 0
                        ? Task.CompletedTask
                        : await EnqueueTrackedAsync(agent, batch, cancellationToken);
                    await acks.EnqueueAsync(batch.Sequence, commit, cancellationToken);
                    break;
                case AgentMessage.BodyOneofCase.Heartbeat:
                    await store.RecordHeartbeatAsync(agent.Id, Checked(message.Heartbeat, ReportValidator.Validate), cancellationToken);
                    break;
                case AgentMessage.BodyOneofCase.ProbeHealth:
                    await store.RecordProbeHealthAsync(agent.Id, Checked(message.ProbeHealth, ReportValidator.Validate), cancellationToken);
                    break;
                case AgentMessage.BodyOneofCase.Jobs:
                    await store.ReplaceJobListAsync(agent.Id, Checked(message.Jobs, ReportValidator.Validate), cancellationToken);
                    break;
                case AgentMessage.BodyOneofCase.Inventory:
                    await store.ReplaceInventoryAsync(agent.Id, Checked(message.Inventory, ReportValidator.Validate), cancellationToken);
                    break;
                case AgentMessage.BodyOneofCase.Hello:
                    throw IngestErrors.OutOfOrder("a Hello was already received on this stream");
                default:
                    // A message kind added to the contract after this collector was built: ignore it, as proto3 would.
                    break;
            }
        }
    }

    private async Task<Task> EnqueueTrackedAsync(AgentStream agent, ObservationBatch batch, CancellationToken cancellationToken)
    {
        var scope = telemetry.BeginBatch(agent.Tags, batch.Sequence, batch.Observations.Count);
        try
        {
            return telemetry.TrackAsync(scope, await store.EnqueueBatchAsync(agent.Id, batch, cancellationToken));
        }
        catch (Exception ex)
        {
            IngestTelemetry.Abandon(scope, ex);
            throw;
        }
    }

    private static T Checked<T>(T report, Func<T, string?> validate) =>
        validate(report) is { } error ? throw IngestErrors.Invalid(error) : report;

    private async Task RecordDisconnectAsync(AgentStream agent)
    {
        try
        {
            await store.DisconnectAgentAsync(agent.Id, CancellationToken.None);
        }
        catch (StoreUnavailableException ex)
        {
            Log.DisconnectNotRecorded(logger, agent.AgentKey, ex);
        }

        Log.AgentDisconnected(logger, agent.AgentKey, agent.Site.Customer, agent.Site.Site);
    }

    private sealed record AgentStream(SiteIdentity Site, string AgentKey, long Id, AgentTags Tags);
}
