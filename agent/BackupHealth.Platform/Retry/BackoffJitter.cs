namespace BackupHealth.Retry;

/// <summary>Where in [floor, ceiling] a <see cref="Backoff"/> delay is drawn.</summary>
internal enum BackoffJitter
{
    /// <summary>Between the minimum and the ceiling: spreads a crowd most (agents reconnecting after a collector
    /// restart).</summary>
    Full,

    /// <summary>In the upper half of the ceiling: never much sooner than the doubling promises (a receiver that came
    /// back is not hit by every queued notification at once, nor retried early).</summary>
    Equal,
}
