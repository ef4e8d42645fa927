using BackupHealth.Contracts.V1;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Transport;

/// <summary>A gRPC stream takes one write at a time and refuses the next while one is in progress (grpc-dotnet throws);
/// every message of a session must therefore go through its one writer, whatever loop produced it.</summary>
public sealed partial class IngestSessionTests
{
    [Fact]
    public async Task Messages_due_while_one_is_being_written_wait_for_the_single_writer()
    {
        await Queue("a");
        var run = Start();
        await _stream.NextSentAsync();
        _stream.HoldWrites();
        _stream.Welcome();
        await _stream.WriteHeld.WaitAsync(Poll.DefaultTimeout); // the first heartbeat is being written
        await Poll.UntilAsync(() => _time.TimersCreated >= 1, "the heartbeat timer exists");

        _time.Advance(TimeSpan.FromSeconds(30)); // the next heartbeat and the batch are due while it is
        _stream.ReleaseWrites();

        Assert.Equal(AgentMessage.BodyOneofCase.Heartbeat, (await _stream.NextSentAsync()).BodyCase);
        AgentMessage[] next = [await _stream.NextSentAsync(), await _stream.NextSentAsync()];
        Assert.Equal("a", Assert.Single(next, m => m.BodyCase == AgentMessage.BodyOneofCase.Observations).Observations.Observations.Single().Id);
        Assert.Single(next, m => m.BodyCase == AgentMessage.BodyOneofCase.Heartbeat);
        Assert.Equal(0, _stream.RefusedWrites);
        _stop.Cancel();
        Assert.Null((await run).Error);
    }
}
