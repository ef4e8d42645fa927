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

    [Fact]
    public async Task Null_arguments_are_refused()
    {
        var (_, seen, intake) = Open();

        await Assert.ThrowsAsync<ArgumentNullException>(() => intake.QueueNewAsync(null!, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentNullException>(() => seen.AddAsync(null!, CancellationToken.None));
        Assert.Throws<ArgumentNullException>(() => new SeenObservationIds(null!, _time, _logging.For<SeenObservationIds>()));
        seen.Dispose();
    }

    [Fact]
    public async Task The_seen_file_is_created_with_its_folder_and_read_any_number_of_times()
    {
        var folder = _temp.Combine("not", "yet");

        using var seen = new SeenObservationIds(folder, _time, _logging.For<SeenObservationIds>());
        await seen.AddAsync(["a"], CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(folder, SeenObservationIds.FileName)));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1, seen.Count);
            Assert.True(seen.Contains("a"));
        }
    }

    [Fact]
    public async Task At_start_the_seen_file_is_rewritten_to_exactly_the_kept_entries()
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var old = now - (long)TimeSpan.FromDays(31).TotalSeconds;
        await File.WriteAllTextAsync(_temp.Combine(SeenObservationIds.FileName), $"{old} gone\n{now} a\n{now} a\n{now} b\n17");
        await File.WriteAllTextAsync(_temp.Combine(SeenObservationIds.FileName + ".tmp"), "left over from a crash\n");

        using (new SeenObservationIds(_temp.Path, _time, _logging.For<SeenObservationIds>()))
        {
        }

        var bytes = await File.ReadAllBytesAsync(_temp.Combine(SeenObservationIds.FileName));
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes($"{now} a\n{now} b\n"), bytes);
        Assert.False(File.Exists(_temp.Combine(SeenObservationIds.FileName + ".tmp")));
    }
}
