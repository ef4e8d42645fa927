using BackupHealth.Collector.Dashboard.Grid;

namespace BackupHealth.Collector.Dashboard.Problems;

/// <summary>A failed, missed, disabled or warning job with why, and its days (the status grid's cells).</summary>
internal sealed record ProblemJob(GridRow Job, ProblemReason Reason);
