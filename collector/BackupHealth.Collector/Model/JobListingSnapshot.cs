using BackupHealth.Collector.Expectations;

namespace BackupHealth.Collector.Model;

/// <summary>What the source said of a job in the latest job list of its probe.</summary>
/// <param name="Stated">The schedule the source states (listing attributes and next run); null when it states none.</param>
internal sealed record JobListingSnapshot(bool Enabled, DateTimeOffset ReportedAt, DateTimeOffset? NextRun, StatedSchedule? Stated = null);
