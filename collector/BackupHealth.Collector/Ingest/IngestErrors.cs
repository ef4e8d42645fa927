using System.Globalization;
using BackupHealth.Collector.Store;
using BackupHealth.Contracts;
using Google.Protobuf;
using Grpc.Core;

namespace BackupHealth.Collector.Ingest;

/// <summary>The one place that decides how an ingest failure reaches the agent. Permanent — the agent sent
/// something that will never be accepted: InvalidArgument / FailedPrecondition, and it must not resend it as is.
/// Retryable — the collector could not store or is stopping: Unavailable, and the agent reconnects and resends
/// everything not yet acknowledged.</summary>
internal static class IngestErrors
{
    public static RpcException InvalidBatch(ulong sequence, string detail) =>
        new(new Status(StatusCode.InvalidArgument, detail),
            new Metadata { { IngestTrailers.RejectedSequence, sequence.ToString(CultureInfo.InvariantCulture) } });

    public static RpcException Invalid(string detail) => new(new Status(StatusCode.InvalidArgument, detail));

    public static RpcException OutOfOrder(string detail) => new(new Status(StatusCode.FailedPrecondition, detail));

    public static RpcException ShuttingDown() =>
        new(new Status(StatusCode.Unavailable, "the collector is shutting down; reconnect and resend what was not acknowledged"));

    /// <summary>The address failed agent authentication too often; the agent backs off and retries, as for Unavailable.</summary>
    public static RpcException AddressBlocked(string retryAfterSeconds) =>
        new(new Status(StatusCode.ResourceExhausted,
            $"too many failed agent authentications from this address; try again in {retryAfterSeconds} s"));

    /// <summary>The collector holds its total of streams (Collector:Limits:MaxStreams).</summary>
    public static RpcException TooManyStreams() =>
        new(new Status(StatusCode.ResourceExhausted, "the collector holds as many agent streams as it may; reconnect later"));

    /// <summary>The agent's batch would exceed its observation quota; it was neither stored nor acknowledged.</summary>
    public static RpcException OverQuota(string agentId, ulong sequence, int observations, QuotaRefusal refusal)
    {
        var seconds = ((long)Math.Ceiling(refusal.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return new(new Status(StatusCode.ResourceExhausted,
                $"agent '{agentId}' may send {refusal.Limit} observations per {refusal.Per} (Collector:Limits:{refusal.Setting}); "
                + $"batch {sequence} of {observations} would exceed it and was not stored; send it again in {seconds} s"),
            new Metadata { { IngestTrailers.RetryAfter, seconds } });
    }

    /// <summary>An authenticated stream said nothing within Collector:Limits:HelloTimeout.</summary>
    public static RpcException NoHello(TimeSpan timeout) =>
        new(new Status(StatusCode.DeadlineExceeded, $"no Hello within {timeout.TotalSeconds:0} s of opening the stream (Collector:Limits:HelloTimeout)"));

    /// <summary>A newer stream of the same agent took this one's place (Collector:Limits:MaxStreamsPerAgent).</summary>
    public static RpcException Replaced() =>
        new(new Status(StatusCode.Aborted, "a newer stream of this agent replaced this one"));

    public static RpcException Revoked(string agentId) =>
        new(new Status(StatusCode.PermissionDenied, $"agent '{agentId}' was revoked: it must be enrolled again to report"));

    public static RpcException NotThisAgent(string certified, string claimed) =>
        new(new Status(StatusCode.PermissionDenied, $"hello: agent_id '{claimed}' is not the agent this certificate names ('{certified}')"));

    /// <summary>The agent sent bytes that are not an AgentMessage: permanent, and said once, without a stack trace.</summary>
    public static RpcException Malformed(InvalidProtocolBufferException exception) =>
        Invalid($"a message on this stream is not a valid backuphealth.v1.AgentMessage: {exception?.Message}");

    /// <summary>Turns whatever ended a stream into the status the agent gets.</summary>
    public static Exception ToStatus(Exception exception, bool stopping) => exception switch
    {
        RpcException => exception,
        // grpc-dotnet lets the parser's exception out of MoveNext; unmapped it would be Unknown and an error with a stack trace.
        InvalidProtocolBufferException malformed => Malformed(malformed),
        StoreUnavailableException => new RpcException(new Status(StatusCode.Unavailable,
            "the collector could not store what was sent; nothing after the last acknowledgement was kept — reconnect and resend")),
        OperationCanceledException when stopping => ShuttingDown(),
        _ => exception,
    };
}
