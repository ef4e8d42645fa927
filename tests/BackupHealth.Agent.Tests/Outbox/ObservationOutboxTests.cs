using BackupHealth.Agent.Outbox;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Outbox;

public sealed class ObservationOutboxTests : IDisposable
{
    private readonly TempDirectory _temp = new("outbox");
    private readonly TestLogging _logging = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private string Folder => _temp.Combine("outbox");

    public void Dispose()
    {
        _logging.Dispose();
        _temp.Dispose();
    }

    private ObservationOutbox Open(int maxFileObservations = 500) =>
        new(Folder, maxFileObservations, _time, _logging.For<ObservationOutbox>());

    private string[] ObsFiles() => Directory.GetFiles(Folder, "*.obs").Select(Path.GetFileName).Order().ToArray()!;

    [Fact]
    public async Task Append_writes_a_sequence_named_file_and_ack_deletes_it()
    {
        var outbox = Open();

        var queued = await outbox.AppendAsync(TestObservations.Many(3, _time.GetUtcNow()), CancellationToken.None);

        Assert.Equal(3, queued);
        Assert.Equal(["0000000000000001.obs"], ObsFiles());
        Assert.Equal(3, outbox.Depth);
        var batch = outbox.TryTakeBatch(100);
        Assert.NotNull(batch);
        Assert.Equal(["o1", "o2", "o3"], batch.Observations.Select(o => o.Id));
        Assert.Null(outbox.TryTakeBatch(100));
        Assert.Equal(3, outbox.Depth);

        outbox.Acknowledge(batch);

        Assert.Empty(ObsFiles());
        Assert.Equal(0, outbox.Depth);
        _logging.Errors.AssertNone();
    }

    [Fact]
    public async Task Unacknowledged_observations_survive_a_restart()
    {
        var first = Open();
        await first.AppendAsync(TestObservations.Many(2, _time.GetUtcNow()), CancellationToken.None);
        Assert.NotNull(first.TryTakeBatch(100)); // in flight when the agent dies

        var second = Open();

        Assert.Equal(2, second.Depth);
        var batch = second.TryTakeBatch(100);
        Assert.NotNull(batch);
        Assert.Equal(["o1", "o2"], batch.Observations.Select(o => o.Id));
        Assert.Equal(TestObservations.Valid("o1", _time.GetUtcNow()), batch.Observations[0]);
    }

    [Fact]
    public async Task Sequence_continues_from_the_highest_file_after_a_restart()
    {
        var first = Open();
        await first.AppendAsync(TestObservations.Many(1, _time.GetUtcNow(), "a"), CancellationToken.None);
        await first.AppendAsync(TestObservations.Many(1, _time.GetUtcNow(), "b"), CancellationToken.None);
        first.Acknowledge(first.TryTakeBatch(1)!); // 1 gone, 2 remains

        var second = Open();
        await second.AppendAsync(TestObservations.Many(1, _time.GetUtcNow(), "c"), CancellationToken.None);

        Assert.Equal(["0000000000000002.obs", "0000000000000003.obs"], ObsFiles());
        Assert.Equal(["b1"], second.TryTakeBatch(1)!.Observations.Select(o => o.Id));
        Assert.Equal(["c1"], second.TryTakeBatch(1)!.Observations.Select(o => o.Id));
    }

    [Fact]
    public async Task ReturnInFlight_makes_taken_batches_available_again_and_signals()
    {
        var outbox = Open();
        await outbox.AppendAsync(TestObservations.Many(2, _time.GetUtcNow()), CancellationToken.None);
        await outbox.WaitForDataAsync(CancellationToken.None); // consume the append's signal
        var batch = outbox.TryTakeBatch(100)!;
        Assert.Null(outbox.TryTakeBatch(100));

        outbox.ReturnInFlight();

        await outbox.WaitForDataAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var again = outbox.TryTakeBatch(100);
        Assert.NotNull(again);
        Assert.Equal(batch.Observations.Select(o => o.Id), again.Observations.Select(o => o.Id));
    }

    [Fact]
    public async Task Leftover_tmp_files_are_deleted_at_start()
    {
        Directory.CreateDirectory(Folder);
        await File.WriteAllBytesAsync(Path.Combine(Folder, "0000000000000007.tmp"), [1, 2, 3]);

        var outbox = Open();

        Assert.Empty(Directory.GetFiles(Folder, "*.tmp"));
        Assert.Equal(0, outbox.Depth);
        Assert.Null(outbox.TryTakeBatch(100));
    }

    [Fact]
    public async Task Corrupt_file_is_moved_aside_and_does_not_block_the_queue()
    {
        var first = Open();
        await first.AppendAsync(TestObservations.Many(1, _time.GetUtcNow(), "a"), CancellationToken.None);
        await first.AppendAsync(TestObservations.Many(1, _time.GetUtcNow(), "b"), CancellationToken.None);
        // A torn write: a length prefix promising more bytes than the file holds.
        await File.WriteAllBytesAsync(Path.Combine(Folder, "0000000000000001.obs"), [0x7F, 0x0A, 0x01]);
        _logging.Errors.Expected.Add((_, message) => message.Contains("unreadable", StringComparison.Ordinal));

        var second = Open();

        Assert.True(File.Exists(Path.Combine(Folder, "corrupt", "0000000000000001.obs")));
        Assert.Equal(1, second.Depth);
        Assert.Equal(["b1"], second.TryTakeBatch(100)!.Observations.Select(o => o.Id));
        _logging.Errors.AssertNone();
    }

    [Fact]
    public async Task File_corrupted_after_start_is_moved_aside_when_taken()
    {
        var outbox = Open();
        await outbox.AppendAsync(TestObservations.Many(1, _time.GetUtcNow(), "a"), CancellationToken.None);
        await outbox.AppendAsync(TestObservations.Many(1, _time.GetUtcNow(), "b"), CancellationToken.None);
        await File.WriteAllBytesAsync(Path.Combine(Folder, "0000000000000001.obs"), []);
        _logging.Errors.Expected.Add((_, message) => message.Contains("unreadable", StringComparison.Ordinal));

        var batch = outbox.TryTakeBatch(100);

        Assert.Equal(["b1"], batch!.Observations.Select(o => o.Id));
        Assert.True(File.Exists(Path.Combine(Folder, "corrupt", "0000000000000001.obs")));
        Assert.Equal(1, outbox.Depth);
    }

    [Fact]
    public async Task Batches_coalesce_whole_files_up_to_the_maximum()
    {
        var outbox = Open(maxFileObservations: 3);
        await outbox.AppendAsync(TestObservations.Many(3, _time.GetUtcNow(), "a"), CancellationToken.None);
        await outbox.AppendAsync(TestObservations.Many(2, _time.GetUtcNow(), "b"), CancellationToken.None);
        await outbox.AppendAsync(TestObservations.Many(3, _time.GetUtcNow(), "c"), CancellationToken.None);

        var first = outbox.TryTakeBatch(6);
        var second = outbox.TryTakeBatch(6);

        Assert.Equal(["a1", "a2", "a3", "b1", "b2"], first!.Observations.Select(o => o.Id));
        Assert.Equal(2, first.Files.Count);
        Assert.Equal(["c1", "c2", "c3"], second!.Observations.Select(o => o.Id));
        Assert.Null(outbox.TryTakeBatch(6));
    }

    [Fact]
    public async Task Append_splits_into_files_of_at_most_the_configured_size()
    {
        var outbox = Open(maxFileObservations: 2);

        await outbox.AppendAsync(TestObservations.Many(5, _time.GetUtcNow()), CancellationToken.None);

        Assert.Equal(3, ObsFiles().Length);
        Assert.Equal(5, outbox.Depth);
        Assert.Equal(["o1", "o2"], outbox.TryTakeBatch(2)!.Observations.Select(o => o.Id));
    }

    [Fact]
    public async Task Batches_stay_below_the_collector_message_size()
    {
        var outbox = Open(maxFileObservations: 1000);
        var big = TestObservations.Many(200, _time.GetUtcNow());
        foreach (var o in big)
        {
            for (var i = 0; i < 20; i++)
            {
                o.Attributes[$"k{i}"] = new string('x', 2000); // about 40 KB per observation, 8 MB in all
            }
        }

        await outbox.AppendAsync(big, CancellationToken.None);

        var batch = outbox.TryTakeBatch(1000)!;
        var message = new ObservationBatch { Sequence = 1 };
        message.Observations.AddRange(batch.Observations);
        Assert.InRange(message.CalculateSize(), 1, Contracts.ObservationLimits.MaxMessageBytes);
        Assert.True(ObsFiles().Length >= 2);
    }

    [Fact]
    public async Task Invalid_observation_is_dropped_not_queued()
    {
        var outbox = Open();
        var invalid = TestObservations.Valid("bad", _time.GetUtcNow());
        invalid.JobKey = "";
        _logging.Errors.Expected.Add((_, message) => message.Contains("job_key is empty", StringComparison.Ordinal));

        var queued = await outbox.AppendAsync([TestObservations.Valid("good", _time.GetUtcNow()), invalid], CancellationToken.None);

        Assert.Equal(1, queued);
        Assert.Equal(["good"], outbox.TryTakeBatch(100)!.Observations.Select(o => o.Id));
        _logging.Errors.AssertNone();
    }

    [Fact]
    public async Task Observation_from_the_future_is_dropped()
    {
        var outbox = Open();
        _logging.Errors.Expected.Add((_, message) => message.Contains("in the future", StringComparison.Ordinal));

        var queued = await outbox.AppendAsync([TestObservations.Valid("future", _time.GetUtcNow().AddHours(1))], CancellationToken.None);

        Assert.Equal(0, queued);
        Assert.Empty(ObsFiles());
    }

    [Fact]
    public async Task Rejected_batch_moves_to_rejected_folder_and_is_never_taken_again()
    {
        var outbox = Open();
        await outbox.AppendAsync(TestObservations.Many(2, _time.GetUtcNow()), CancellationToken.None);
        var batch = outbox.TryTakeBatch(100)!;
        _logging.Errors.Expected.Add((_, message) => message.Contains("refused", StringComparison.Ordinal));

        outbox.Reject(batch, "InvalidArgument: bad");
        outbox.ReturnInFlight();

        Assert.True(File.Exists(Path.Combine(Folder, "rejected", "0000000000000001.obs")));
        Assert.Null(outbox.TryTakeBatch(100));
        Assert.Equal(0, Open().Depth);
    }

    [Fact]
    public void A_file_size_below_one_observation_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Open(maxFileObservations: 0));
    }

    [Fact]
    public async Task Null_arguments_are_refused()
    {
        var outbox = Open();

        await Assert.ThrowsAsync<ArgumentNullException>(() => outbox.AppendAsync(null!, CancellationToken.None));
        Assert.Throws<ArgumentNullException>(() => outbox.Acknowledge(null!));
        Assert.Throws<ArgumentNullException>(() => outbox.Reject(null!, "reason"));
    }

    [Fact]
    public async Task Waiting_files_found_at_start_signal_data_at_once()
    {
        var first = Open();
        await first.AppendAsync(TestObservations.Many(1, _time.GetUtcNow()), CancellationToken.None);

        var reopened = Open();
        var empty = new ObservationOutbox(_temp.Combine("empty"), 500, _time, _logging.For<ObservationOutbox>());

        Assert.True(reopened.WaitForDataAsync(CancellationToken.None).AsTask().IsCompleted);
        Assert.False(empty.WaitForDataAsync(CancellationToken.None).AsTask().IsCompleted);
    }

    [Fact]
    public async Task Returning_nothing_in_flight_does_not_signal()
    {
        var outbox = Open();
        await outbox.AppendAsync(TestObservations.Many(1, _time.GetUtcNow()), CancellationToken.None);
        await outbox.WaitForDataAsync(CancellationToken.None);
        outbox.TryTakeBatch(100);
        outbox.ReturnInFlight();
        await outbox.WaitForDataAsync(CancellationToken.None); // the return's signal

        outbox.ReturnInFlight(); // nothing is in flight now
        outbox.ReturnInFlight();

        Assert.False(outbox.WaitForDataAsync(CancellationToken.None).AsTask().IsCompleted);
    }

    [Fact]
    public async Task A_file_named_other_than_a_sequence_is_moved_to_corrupt_at_start()
    {
        var first = Open();
        await first.AppendAsync(TestObservations.Many(1, _time.GetUtcNow()), CancellationToken.None);
        File.Copy(Path.Combine(Folder, "0000000000000001.obs"), Path.Combine(Folder, "copy of 1.obs"));
        _logging.Errors.Expected.Add((_, message) => message.Contains("unreadable", StringComparison.Ordinal));

        var second = Open();

        Assert.True(File.Exists(Path.Combine(Folder, "corrupt", "copy of 1.obs")));
        Assert.Equal(["0000000000000001.obs"], ObsFiles());
        Assert.Equal(1, second.Depth);
        Assert.Contains(_logging.Errors.ExpectedLogged, m => m.Contains("copy of 1.obs is unreadable (the name is not a sequence number)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_batch_whose_files_are_all_corrupt_is_skipped_for_the_next_good_file()
    {
        var outbox = Open();
        await outbox.AppendAsync(TestObservations.Many(1, _time.GetUtcNow(), "a"), CancellationToken.None);
        await outbox.AppendAsync(TestObservations.Many(1, _time.GetUtcNow(), "b"), CancellationToken.None);
        await File.WriteAllBytesAsync(Path.Combine(Folder, "0000000000000001.obs"), []);
        _logging.Errors.Expected.Add((_, message) => message.Contains("unreadable", StringComparison.Ordinal));

        var batch = outbox.TryTakeBatch(1);

        Assert.NotNull(batch);
        Assert.Equal(["b1"], batch.Observations.Select(o => o.Id));
        Assert.Contains(_logging.Errors.ExpectedLogged, m => m.Contains("0000000000000001.obs is unreadable (the file is empty)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_corrupt_files_give_no_batch()
    {
        var outbox = Open();
        await outbox.AppendAsync(TestObservations.Many(1, _time.GetUtcNow()), CancellationToken.None);
        await File.WriteAllBytesAsync(Path.Combine(Folder, "0000000000000001.obs"), [0x7F]);
        _logging.Errors.Expected.Add((_, message) => message.Contains("unreadable", StringComparison.Ordinal));

        Assert.Null(outbox.TryTakeBatch(100));
        Assert.Equal(0, outbox.Depth);
        Assert.Contains(_logging.Errors.ExpectedLogged, m => m.Contains("the record at byte 0 promises 127 bytes, 0 are left", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_larger_than_the_batch_maximum_is_still_taken_whole()
    {
        var outbox = Open(maxFileObservations: 3);
        await outbox.AppendAsync(TestObservations.Many(3, _time.GetUtcNow()), CancellationToken.None);

        var batch = outbox.TryTakeBatch(1);

        Assert.NotNull(batch);
        Assert.Equal(["o1", "o2", "o3"], batch.Observations.Select(o => o.Id));
    }

    [Fact]
    public async Task No_file_is_larger_than_the_batch_byte_limit()
    {
        var outbox = Open(maxFileObservations: 1000);
        var big = TestObservations.Many(200, _time.GetUtcNow());
        foreach (var o in big)
        {
            for (var i = 0; i < 20; i++)
            {
                o.Attributes[$"k{i}"] = new string('x', 2000);
            }
        }

        await outbox.AppendAsync(big, CancellationToken.None);

        var sizes = Directory.GetFiles(Folder, "*.obs").Select(f => new FileInfo(f).Length).ToArray();
        Assert.True(sizes.Length >= 2);
        Assert.All(sizes, size => Assert.InRange(size, 1, ObservationOutbox.MaxBatchBytes));
        Assert.Equal(200, outbox.Depth);
    }

    [Fact]
    public async Task A_corrupt_file_replaces_an_older_one_of_the_same_name_in_corrupt()
    {
        Directory.CreateDirectory(Path.Combine(Folder, "corrupt"));
        await File.WriteAllTextAsync(Path.Combine(Folder, "corrupt", "0000000000000001.obs"), "from an earlier life");
        await File.WriteAllBytesAsync(Path.Combine(Folder, "0000000000000001.obs"), [0x7F]);
        _logging.Errors.Expected.Add((_, message) => message.Contains("unreadable", StringComparison.Ordinal));

        Open();

        Assert.Empty(ObsFiles());
        Assert.Equal([0x7F], await File.ReadAllBytesAsync(Path.Combine(Folder, "corrupt", "0000000000000001.obs")));
    }

    [Fact]
    public async Task A_corrupt_file_that_cannot_be_moved_is_logged_and_does_not_block_the_queue()
    {
        var outbox = Open();
        await outbox.AppendAsync(TestObservations.Many(1, _time.GetUtcNow(), "a"), CancellationToken.None);
        await outbox.AppendAsync(TestObservations.Many(1, _time.GetUtcNow(), "b"), CancellationToken.None);
        await File.WriteAllBytesAsync(Path.Combine(Folder, "0000000000000001.obs"), [0x7F]);
        await File.WriteAllTextAsync(Path.Combine(Folder, "corrupt"), "a file where the folder should be");
        _logging.Errors.Expected.Add((_, message) => message.Contains("unreadable", StringComparison.Ordinal));
        _logging.Errors.Expected.Add((_, message) => message.Contains("Could not move", StringComparison.Ordinal));

        var batch = outbox.TryTakeBatch(100);

        Assert.Equal(["b1"], batch!.Observations.Select(o => o.Id));
        Assert.Equal(1, outbox.Depth);
        Assert.Contains(_logging.Errors.ExpectedLogged, m => m.Contains("Could not move outbox file 0000000000000001.obs to corrupt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dropped_and_rejected_observations_are_logged_for_the_operator()
    {
        var outbox = Open();
        var invalid = TestObservations.Valid("bad", _time.GetUtcNow());
        invalid.JobKey = "";
        _logging.Errors.Expected.Add((_, message) => message.Contains("job_key is empty", StringComparison.Ordinal));
        _logging.Errors.Expected.Add((_, message) => message.Contains("refused", StringComparison.Ordinal));

        await outbox.AppendAsync([TestObservations.Valid("good", _time.GetUtcNow()), invalid], CancellationToken.None);
        outbox.Reject(outbox.TryTakeBatch(100)!, "InvalidArgument: bad");

        Assert.Contains(_logging.Errors.ExpectedLogged, m => m.StartsWith("Dropped observation bad of probe", StringComparison.Ordinal));
        Assert.Contains(_logging.Errors.ExpectedLogged, m => m.Contains("0000000000000001.obs (1 observations) was refused by the collector (InvalidArgument: bad)", StringComparison.Ordinal));
    }
}
