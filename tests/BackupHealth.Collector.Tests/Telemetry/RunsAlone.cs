namespace BackupHealth.Collector.Tests.Telemetry;

/// <summary>Meters and activity sources are matched by name across the whole process, so a collector started by a
/// test running in parallel would add its counts and spans to the ones a telemetry test asserts. These tests run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "telemetry (runs alone)";
}
