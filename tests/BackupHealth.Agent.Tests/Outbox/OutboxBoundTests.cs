using BackupHealth.Agent.Outbox;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Outbox;

/// <summary>The outbox on real files, bounded by <c>Agent:OutboxMaxBytes</c> and <c>Agent:OutboxMaxAge</c>: only
/// healthy successes are dropped, the oldest first, and a full outbox refuses new facts rather than drop a failure.</summary>
public sealed class OutboxBoundTests : IDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(1);
    private readonly TempDirectory _temp = new("outbox-bound");
    private readonly TestLogging _logging = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>What one of the test's observations takes in a file: they differ only in id ("s1", "f1") and status.</summary>
    private readonly long _size;

    public OutboxBoundTests() => _size = OutboxFileFormat.DelimitedSize(Success("s1"));

    private string Folder => _temp.Combine("outbox");

    public void Dispose()
    {
        _logging.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Beyond_its_size_the_outbox_drops_the_oldest_healthy_successes_and_never_a_failure()
    {
        var outbox = Open(maxFileObservations: 3, maxBytes: 6 * _size);
        await AppendAsync(outbox, Success("s1"), Failure("f1"), Success("s2"));
        await AppendAsync(outbox, Success("s3"), Failure("f2"), Success("s4"));
        Assert.Equal(6 * _size, outbox.Bytes);

        await AppendAsync(outbox, Failure("f3"));
        await AppendAsync(outbox, Failure("f4"), Failure("f5"));
        await AppendAsync(outbox, Failure("f6"));

        Assert.Equal(6 * _size, outbox.Bytes);
        var full = await Assert.ThrowsAsync<OutboxFullException>(() => AppendAsync(outbox, Failure("f7")));
        Assert.Contains("Agent:OutboxMaxBytes", full.Message, StringComparison.Ordinal);
        Assert.Equal(["f1", "f2", "f3", "f4", "f5", "f6"], TakeAll(outbox));
        Assert.Empty(Directory.GetFiles(Folder, "*.tmp"));
        _logging.Errors.AssertNone();
    }

    [Fact]
    public async Task A_success_in_flight_is_not_dropped_its_acknowledgement_makes_the_room()
    {
        var outbox = Open(maxFileObservations: 1, maxBytes: 2 * _size);
        await AppendAsync(outbox, Success("s1"));
        await AppendAsync(outbox, Success("s2"));
        var inFlight = outbox.TryTakeBatch(1)!;

        await AppendAsync(outbox, Failure("f1"));
        await Assert.ThrowsAsync<OutboxFullException>(() => AppendAsync(outbox, Failure("f2")));
        outbox.Acknowledge(inFlight);
        await AppendAsync(outbox, Failure("f2"));

        Assert.Equal(["s1"], inFlight.Observations.Select(o => o.Id));
        Assert.Equal(["f1", "f2"], TakeAll(outbox));
    }

    [Fact]
    public async Task Healthy_successes_that_waited_past_the_max_age_are_dropped_while_failures_wait_on_also_across_a_restart()
    {
        var corrupt = Success("s-corrupt");
        corrupt.Verification = new Verification { State = VerificationState.Failed, Detail = "chunk 7 does not match" };
        var outbox = Open(maxFileObservations: 3, maxBytes: 1024 * 1024);
        await AppendAsync(outbox, Success("s1"), Failure("f1"), corrupt);

        _time.Advance(MaxAge + TimeSpan.FromMinutes(1));
        await AppendAsync(outbox, Success("s2"));
        Assert.Equal(3, outbox.Depth);
        _time.Advance(MaxAge + TimeSpan.FromMinutes(1));

        var restarted = Open(maxFileObservations: 3, maxBytes: 1024 * 1024);

        Assert.Equal(["f1", "s-corrupt"], TakeAll(restarted));
    }

    private ObservationOutbox Open(int maxFileObservations, long maxBytes) =>
        new(Folder, maxFileObservations, new OutboxLimits(maxBytes, MaxAge), _time, _logging.For<ObservationOutbox>());

    private static Task<int> AppendAsync(ObservationOutbox outbox, params Observation[] observations) => outbox.AppendAsync(observations, CancellationToken.None);

    private Observation Success(string id) => TestObservations.Valid(id, _time.GetUtcNow());

    private Observation Failure(string id) => TestObservations.Valid(id, _time.GetUtcNow(), RunStatus.Failed);

    private static List<string> TakeAll(ObservationOutbox outbox) => outbox.TryTakeBatch(1000)?.Observations.Select(o => o.Id).ToList() ?? [];
}
