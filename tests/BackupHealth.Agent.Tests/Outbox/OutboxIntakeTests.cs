using BackupHealth.Agent.Outbox;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts.V1;
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

    /// <summary>Before, ids were marked seen only after a whole cycle was written: a cycle cut short by a full disk
    /// was queued again from its start every time, and the facts after the cut never got in.</summary>
    [Fact]
    public async Task A_cycle_cut_short_by_a_full_outbox_marks_what_was_written_and_the_next_one_queues_only_the_rest()
    {
        var facts = Enumerable.Range(1, 8).Select(i => TestObservations.Valid($"f{i}", _time.GetUtcNow(), RunStatus.Failed)).ToList();
        var room = 4 * OutboxFileFormat.DelimitedSize(facts[0]);
        var outbox = new ObservationOutbox(_temp.Combine("outbox"), 2, new OutboxLimits(room, TimeSpan.FromDays(1)), _time, _logging.For<ObservationOutbox>());
        using var seen = new SeenObservationIds(_temp.Path, _time, _logging.For<SeenObservationIds>());
        var intake = new OutboxIntake(outbox, seen);

        await Assert.ThrowsAsync<OutboxFullException>(() => intake.QueueNewAsync(facts, CancellationToken.None));
        Assert.Equal(["f1", "f2", "f3", "f4"], facts.Select(f => f.Id).Where(seen.Contains));
        var first = outbox.TryTakeBatch(100)!;
        outbox.Acknowledge(first);

        Assert.Equal(4, await intake.QueueNewAsync(facts, CancellationToken.None));
        Assert.Equal(0, await intake.QueueNewAsync(facts, CancellationToken.None));
        Assert.Equal(["f1", "f2", "f3", "f4"], first.Observations.Select(o => o.Id));
        Assert.Equal(["f5", "f6", "f7", "f8"], outbox.TryTakeBatch(100)!.Observations.Select(o => o.Id));
    }

    [Fact]
    public async Task Ids_the_disk_refused_stay_seen_and_are_written_with_the_next_ones()
    {
        using (var seen = new SeenObservationIds(_temp.Path, _time, _logging.For<SeenObservationIds>()))
        {
            var file = _temp.Combine(SeenObservationIds.FileName);
            File.Delete(file);
            Directory.CreateDirectory(file); // nothing can be appended to it now, as on a full disk

            await seen.AddAsync(["a"], CancellationToken.None);
            Assert.True(seen.Contains("a"));

            Directory.Delete(file);
            await seen.AddAsync(["b"], CancellationToken.None);
        }

        using var restarted = new SeenObservationIds(_temp.Path, _time, _logging.For<SeenObservationIds>());
        Assert.True(restarted.Contains("a"));
        Assert.True(restarted.Contains("b"));
    }
}
