using BackupHealth.Agent.Outbox;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Outbox;

public sealed class OutboxIntakeTests : IDisposable
{
    private readonly TempDirectory _temp = new("intake");
    private readonly TestLogging _logging = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        _logging.Dispose();
        _temp.Dispose();
    }

    private (ObservationOutbox Outbox, SeenObservationIds Seen, OutboxIntake Intake) Open()
    {
        var outbox = new ObservationOutbox(_temp.Combine("outbox"), 500, _time, _logging.For<ObservationOutbox>());
        var seen = new SeenObservationIds(_temp.Path, _time, _logging.For<SeenObservationIds>());
        return (outbox, seen, new OutboxIntake(outbox, seen));
    }

    [Fact]
    public async Task The_same_fact_is_queued_only_once_also_after_a_restart()
    {
        var (_, seen, intake) = Open();
        var facts = TestObservations.Many(2, _time.GetUtcNow());

        Assert.Equal(2, await intake.QueueNewAsync(facts, CancellationToken.None));
        Assert.Equal(0, await intake.QueueNewAsync(facts, CancellationToken.None));
        seen.Dispose();

        var (outbox2, seen2, intake2) = Open();
        Assert.Equal(0, await intake2.QueueNewAsync(facts, CancellationToken.None));
        Assert.Equal(1, await intake2.QueueNewAsync([.. facts, TestObservations.Valid("new", _time.GetUtcNow())], CancellationToken.None));
        Assert.Equal(3, outbox2.Depth);
        seen2.Dispose();
    }

    [Fact]
    public async Task Seen_ids_older_than_30_days_are_pruned_at_start()
    {
        var (_, seen, intake) = Open();
        await intake.QueueNewAsync([TestObservations.Valid("old", _time.GetUtcNow())], CancellationToken.None);
        seen.Dispose();
        _time.Advance(TimeSpan.FromDays(31));

        var (_, seen2, _) = Open();

        Assert.False(seen2.Contains("old"));
        Assert.Equal(0, seen2.Count);
        Assert.DoesNotContain("old", await File.ReadAllTextAsync(_temp.Combine(SeenObservationIds.FileName)));
        seen2.Dispose();
    }

    [Fact]
    public async Task Torn_last_line_of_the_seen_file_is_ignored()
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        await File.WriteAllTextAsync(_temp.Combine(SeenObservationIds.FileName), $"{now} a\n{now} b\n17");

        using var seen = new SeenObservationIds(_temp.Path, _time, _logging.For<SeenObservationIds>());

        Assert.True(seen.Contains("a"));
        Assert.True(seen.Contains("b"));
        Assert.Equal(2, seen.Count);
    }
}
