using BackupHealth.Agent.Transport;
using BackupHealth.Contracts;
using Grpc.Core;

namespace BackupHealth.Agent.Tests.Transport;

public sealed class StreamErrorPolicyTests
{
    [Theory]
    [InlineData(StatusCode.Unavailable)]
    [InlineData(StatusCode.Internal)]
    [InlineData(StatusCode.Cancelled)]
    [InlineData(StatusCode.DeadlineExceeded)]
    [InlineData(StatusCode.ResourceExhausted)]
    [InlineData(StatusCode.Unknown)]
    public void Transient_status_is_retried(StatusCode code)
    {
        Assert.Equal(StreamErrorKind.Retry, StreamErrorPolicy.Classify(new RpcException(new Status(code, "x"))).Kind);
    }

    [Theory]
    [InlineData(StatusCode.Unauthenticated)]
    [InlineData(StatusCode.PermissionDenied)]
    public void Token_refusal_is_its_own_kind(StatusCode code)
    {
        var error = StreamErrorPolicy.Classify(new RpcException(new Status(code, "unknown agent token")));

        Assert.Equal(StreamErrorKind.Unauthorized, error.Kind);
        Assert.Contains("unknown agent token", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidArgument_is_a_rejection_of_the_batch_named_in_the_trailer()
    {
        var error = StreamErrorPolicy.Classify(new RpcException(
            new Status(StatusCode.InvalidArgument, "bad batch"),
            new Metadata { { IngestTrailers.RejectedSequence, "42" } }));

        Assert.Equal(new StreamError(StreamErrorKind.Rejected, "InvalidArgument: bad batch", 42), error);
    }

    [Fact]
    public void InvalidArgument_without_trailer_is_a_rejection_of_no_batch()
    {
        var error = StreamErrorPolicy.Classify(new RpcException(new Status(StatusCode.InvalidArgument, "bad hello")));

        Assert.Equal(StreamErrorKind.Rejected, error.Kind);
        Assert.Null(error.RejectedSequence);
    }

    [Theory]
    [InlineData("42", 42)]
    [InlineData("86400", 3600)]
    [InlineData("0", null)]
    [InlineData("-5", null)]
    [InlineData("soon", null)]
    public void Retry_after_is_read_from_the_trailer_and_capped_at_an_hour(string trailer, int? seconds)
    {
        var error = StreamErrorPolicy.Classify(new RpcException(
            new Status(StatusCode.ResourceExhausted, "over quota"),
            new Metadata { { IngestTrailers.RetryAfter, trailer } }));

        Assert.Equal(StreamErrorKind.Retry, error.Kind);
        Assert.Equal(seconds is { } s ? TimeSpan.FromSeconds(s) : null, error.RetryAfter);
    }

    [Fact]
    public void Anything_else_is_retried()
    {
        Assert.Equal(StreamErrorKind.Retry, StreamErrorPolicy.Classify(new IOException("reset")).Kind);
    }

    [Fact]
    public void The_reason_says_the_status_its_detail_and_the_cause_of_a_failed_connect()
    {
        var bare = StreamErrorPolicy.Classify(new RpcException(new Status(StatusCode.Unavailable, "")));
        var detailed = StreamErrorPolicy.Classify(new RpcException(new Status(StatusCode.Unavailable, "Error connecting to subchannel.",
            new System.Net.Sockets.SocketException(111))));
        var other = StreamErrorPolicy.Classify(new IOException("pipe broken"));

        Assert.Equal("Unavailable", bare.Reason);
        Assert.Equal($"Unavailable: Error connecting to subchannel. ({new System.Net.Sockets.SocketException(111).Message})", detailed.Reason);
        Assert.Equal(new StreamError(StreamErrorKind.Retry, "IOException: pipe broken"), other);
    }
}
