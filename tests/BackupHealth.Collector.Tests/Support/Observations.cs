using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace BackupHealth.Collector.Tests.Support;

/// <summary>Valid observations to start from; tests change the one field they are about.</summary>
internal static class Observations
{
    public static Observation Valid(string id, string jobKey = "job-1", RunStatus status = RunStatus.Success,
        DateTimeOffset? end = null, long sizeBytes = 1_000, string? jobName = null)
    {
        var endTime = end ?? TestCollector.StartTime.AddHours(-1);
        return new Observation
        {
            Id = id,
            SourceKind = "files",
            JobKey = jobKey,
            JobName = jobName ?? $"Job {jobKey}",
            ProtectedObject = "vm01",
            Status = status,
            StartTime = Timestamp.FromDateTimeOffset(endTime.AddMinutes(-10)),
            EndTime = Timestamp.FromDateTimeOffset(endTime),
            SizeBytes = sizeBytes,
            Verification = new Verification { State = VerificationState.Passed, Detail = "checksums ok" },
            Message = "done",
            ObservedAt = Timestamp.FromDateTimeOffset(endTime.AddMinutes(1)),
            ProbeName = "nightly-files",
            Attributes = { ["path"] = "/backups/vm01.xva" },
        };
    }

    public static ObservationBatch Batch(ulong sequence, params Observation[] observations) =>
        new() { Sequence = sequence, Observations = { observations } };

    public static ObservationBatch Batch(ulong sequence, string idPrefix, int count, string jobKey = "job-1") =>
        Batch(sequence, Enumerable.Range(0, count).Select(i => Valid($"{idPrefix}-{i}", jobKey)).ToArray());
}
