using BackupHealth.Collector.Dashboard.History;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Health;

namespace BackupHealth.Collector.Dashboard.Health;

/// <summary>A job with its expectation in force and its health at one moment.</summary>
/// <param name="Deadline">When the next completed run is due at the latest; null when a schedule never fires again.</param>
internal sealed record JobAssessment(
    JobRow Job,
    Expectation Expectation,
    JobHistoryDigest History,
    JobHealthState Health,
    DateTimeOffset? Deadline);
