using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace BackupHealth.Agent.Tests.Support;

internal static class TestObservations
{
    public static Observation Valid(string id, DateTimeOffset at, RunStatus status = RunStatus.Success, string probe = "probe-a") => new()
    {
        Id = id,
        SourceKind = "files",
        JobKey = probe,
        JobName = probe,
        ProbeName = probe,
        Status = status,
        StartTime = Timestamp.FromDateTimeOffset(at.AddMinutes(-5)),
        EndTime = Timestamp.FromDateTimeOffset(at),
        ObservedAt = Timestamp.FromDateTimeOffset(at),
        SizeBytes = 1234,
        Verification = new Verification { State = VerificationState.NotVerified },
    };

    public static List<Observation> Many(int count, DateTimeOffset at, string prefix = "o") =>
        Enumerable.Range(1, count).Select(i => Valid($"{prefix}{i}", at)).ToList();
}
