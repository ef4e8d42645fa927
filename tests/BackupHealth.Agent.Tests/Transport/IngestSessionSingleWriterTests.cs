using BackupHealth.Contracts.V1;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Transport;

/// <summary>A gRPC stream takes one write at a time and refuses the next while one is in progress (grpc-dotnet throws);
/// every message of a session must therefore go through its one writer, whatever loop produced it.</summary>
public sealed partial class IngestSessionTests
{
    [Fact]
    public async Task A_heartbeat_due_while_a_batch_is_being_written_waits_for_the_single_writer()
    {
        await Queue("a");
        var run = Start();
        await _stream.NextSentAsync();
        _stream.HoldWrites();
        _stream.Welcome();
        await _stream.WriteHeld.WaitAsync(Poll.DefaultTimeout); // the batch is being written
        await Poll.UntilAsync(() => _time.TimersCreated >= 1, "the heartbeat timer exists");

        _time.Advance(TimeSpan.FromSeconds(30));
        _stream.ReleaseWrites();

        Assert.Equal("a", (await _stream.NextSentAsync()).Observations.Observations.Single().Id);
        Assert.Equal(AgentMessage.BodyOneofCase.Heartbeat, (await _stream.NextSentAsync()).BodyCase);
        Assert.Equal(0, _stream.RefusedWrites);
        _stop.Cancel();
        Assert.Null((await run).Error);
    }
}
