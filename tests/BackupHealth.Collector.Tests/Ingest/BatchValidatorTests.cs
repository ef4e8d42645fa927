using BackupHealth.Collector.Ingest;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Tests.Ingest;

/// <summary>The batch rules without a stream: what the agent is told about a batch it must set aside.</summary>
public sealed class BatchValidatorTests
{
    private static string? Validate(ulong? previous, params Observation[] observations) =>
        BatchValidator.Validate(Observations.Batch(7, observations), previous, TestCollector.StartTime, TimeSpan.FromMinutes(5));

    [Fact]
    public void A_refused_observations_id_is_quoted_readable_and_cut_at_64_characters()
    {
        var bad = Observations.Valid("a\u0001" + new string('b', 70));

        Assert.Equal($"batch 7: observation 1 (id a?{new string('b', 62)}…): id contains control characters",
            Validate(null, Observations.Valid("fine"), bad));
    }

    [Fact]
    public void An_id_of_64_characters_is_quoted_whole()
    {
        var bad = Observations.Valid(new string('c', 64));
        bad.JobKey = "";

        Assert.Equal($"batch 7: observation 0 (id {new string('c', 64)}): job_key is empty", Validate(null, bad));
    }

    [Fact]
    public void The_sequence_must_increase_and_may_start_anywhere()
    {
        Assert.Null(Validate(previous: 6, Observations.Valid("o")));
        Assert.Null(Validate(previous: null, Observations.Valid("o")));
        Assert.Equal("batch 7: the sequence must increase within a stream (the previous batch was 7)", Validate(previous: 7, Observations.Valid("o")));
    }

    [Fact]
    public void A_batch_of_the_observation_limit_is_accepted() =>
        Assert.Null(Validate(null, [.. Enumerable.Range(0, 1000).Select(i => Observations.Valid($"o{i}"))]));
}
