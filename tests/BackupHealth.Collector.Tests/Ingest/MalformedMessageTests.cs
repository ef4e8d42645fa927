using System.Text;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Tests.Ingest;

/// <summary>An ingest stream that carries bytes which are not an AgentMessage, sent as raw gRPC frames over a real
/// channel: the agent is told InvalidArgument, and the operator reads one line, without a stack trace.</summary>
public sealed class MalformedMessageTests
{
    private static readonly byte[] NotProtobuf = Encoding.ASCII.GetBytes("\0 this is not protobuf");

    private static readonly Method<byte[], byte[]> Connect = new(MethodType.DuplexStreaming, "backuphealth.v1.Ingest", "Connect",
        Marshallers.Create(bytes => bytes, bytes => bytes), Marshallers.Create(bytes => bytes, bytes => bytes));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Bytes_that_are_not_protobuf_get_invalid_argument_and_one_log_line_without_a_stack_trace(bool afterHello)
    {
        var log = new CollectorLog();
        await using var collector = await TestCollector.StartAsync(services: log.AddTo);
        var before = log.Records.Count;
        using var channel = TestCollector.Channel(collector.Endpoints.Grpc);
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(Connect, null, new CallOptions(TestAgent.Bearer(TestCollector.ContosoToken)));
        if (afterHello)
        {
            await call.RequestStream.WriteAsync(new AgentMessage { Hello = TestAgent.Hello("agent-1") }.ToByteArray());
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(CollectorMessage.BodyOneofCase.Welcome, CollectorMessage.Parser.ParseFrom(call.ResponseStream.Current).BodyCase);
        }

        await call.RequestStream.WriteAsync(NotProtobuf);
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("a message on this stream is not a valid backuphealth.v1.AgentMessage: ", error.Status.Detail, StringComparison.Ordinal);
        await Poll.UntilAsync(() => log.Since(before).Any(r => r.Level >= LogLevel.Warning), "the refusal is logged");
        var lines = log.Since(before);
        var line = Assert.Single(lines, r => r.Level >= LogLevel.Warning);
        Assert.Contains("is not a valid backuphealth.v1.AgentMessage", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, r => r.Exception is not null || r.Message.Contains("   at ", StringComparison.Ordinal));
    }
}
