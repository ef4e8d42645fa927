using System.Globalization;
using Grpc.Core;

namespace BackupHealth.Agent.Transport;

/// <summary>The one place that decides whether a failed stream is retried, needs a person (token), or means the
/// collector refused a batch for good.</summary>
internal static class StreamErrorPolicy
{
    /// <summary>Trailer the collector sets on InvalidArgument naming the batch it refused.</summary>
    public const string RejectedSequenceTrailer = "bh-rejected-sequence";

    public static StreamError Classify(Exception exception) => exception switch
    {
        RpcException { StatusCode: StatusCode.Unauthenticated or StatusCode.PermissionDenied } rpc =>
            new StreamError(StreamErrorKind.Unauthorized, Describe(rpc)),
        RpcException { StatusCode: StatusCode.InvalidArgument } rpc =>
            new StreamError(StreamErrorKind.Rejected, Describe(rpc), RejectedSequence(rpc.Trailers)),

        // Unavailable, Internal, Cancelled, DeadlineExceeded, ResourceExhausted, Unknown and anything else: the agent
        // has no one to hand the data to but the collector, so it keeps trying.
        RpcException rpc => new StreamError(StreamErrorKind.Retry, Describe(rpc)),
        _ => new StreamError(StreamErrorKind.Retry, $"{exception.GetType().Name}: {exception.Message}"),
    };

    private static string Describe(RpcException rpc)
    {
        var text = string.IsNullOrEmpty(rpc.Status.Detail) ? rpc.StatusCode.ToString() : $"{rpc.StatusCode}: {rpc.Status.Detail}";

        // For a failed connect the detail is generic ("Error connecting to subchannel"); the cause is in the exception.
        return rpc.Status.DebugException is { } cause ? $"{text} ({cause.Message})" : text;
    }

    private static ulong? RejectedSequence(Metadata trailers)
    {
        var value = trailers?.GetValue(RejectedSequenceTrailer);
        return ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : null;
    }
}
