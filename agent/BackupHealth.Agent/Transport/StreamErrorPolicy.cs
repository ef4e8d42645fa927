using System.Globalization;
using BackupHealth.Contracts;
using Grpc.Core;

namespace BackupHealth.Agent.Transport;

/// <summary>The one place that decides whether a failed stream is retried, needs a person (token), or means the
/// collector refused a batch for good.</summary>
internal static class StreamErrorPolicy
{
    /// <summary>The longest pause a collector can ask for; a longer one is cut to this, so a collector restarted in the
    /// meantime (its counts afresh) is tried again within the hour.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(1);

    public static StreamError Classify(Exception exception) => exception switch
    {
        RpcException { StatusCode: StatusCode.Unauthenticated or StatusCode.PermissionDenied } rpc =>
            new StreamError(StreamErrorKind.Unauthorized, Describe(rpc)),
        RpcException { StatusCode: StatusCode.InvalidArgument } rpc =>
            new StreamError(StreamErrorKind.Rejected, Describe(rpc), RejectedSequence(rpc.Trailers)),

        // Unavailable, Internal, Cancelled, DeadlineExceeded, ResourceExhausted, Unknown and anything else: the agent
        // has no one to hand the data to but the collector, so it keeps trying.
        RpcException rpc => new StreamError(StreamErrorKind.Retry, Describe(rpc), RetryAfter: RetryAfter(rpc.Trailers)),
        _ => new StreamError(StreamErrorKind.Retry, $"{exception.GetType().Name}: {exception.Message}"),
    };

    private static string Describe(RpcException rpc)
    {
        var text = string.IsNullOrEmpty(rpc.Status.Detail) ? rpc.StatusCode.ToString() : $"{rpc.StatusCode}: {rpc.Status.Detail}";

        // For a failed connect the detail is generic ("Error connecting to subchannel"); the cause is in the exception.
        return rpc.Status.DebugException is { } cause ? $"{text} ({cause.Message})" : text;
    }

    private static TimeSpan? RetryAfter(Metadata trailers)
    {
        var value = trailers?.GetValue(IngestTrailers.RetryAfter);
        return uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(Math.Min(seconds, MaxRetryAfter.TotalSeconds))
            : null;
    }

    private static ulong? RejectedSequence(Metadata trailers)
    {
        var value = trailers?.GetValue(IngestTrailers.RejectedSequence);
        return ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : null;
    }
}
