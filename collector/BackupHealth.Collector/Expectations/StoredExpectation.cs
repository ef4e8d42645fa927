using BackupHealth.Collector.Model;

namespace BackupHealth.Collector.Expectations;

/// <summary>What the expectation API needs of one job: its setting (with who set it), its recent runs newest first,
/// when it was first seen, and the schedule its source states.</summary>
internal sealed record StoredExpectation(
    long JobId,
    DateTimeOffset FirstSeen,
    ExpectationSetting? Setting,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy,
    IReadOnlyList<RunRecord> Runs,
    StatedSchedule? Stated = null);
