namespace BackupHealth.Collector.Health;

/// <summary>What a job's state means to an operator, worst first: the enum order is the sort order.</summary>
internal enum JobHealthState
{
    /// <summary>The newest finished run failed (a failure the source will retry waits for the retry).</summary>
    Failed = 0,

    /// <summary>The newest verified run failed its verification: the backup ran, but what it produced cannot be
    /// trusted to restore (the verification_failed rule, critical like a failed run).</summary>
    Corrupt = 1,

    /// <summary>No completed run by the deadline of the job's expectation: the recovery point is breached.</summary>
    Missed = 2,

    /// <summary>The backup source reports the job switched off.</summary>
    Disabled = 3,

    /// <summary>The newest finished run ended with a warning.</summary>
    Warning = 4,

    /// <summary>Nothing wrong, and a run is in progress.</summary>
    Running = 5,

    /// <summary>Nothing wrong.</summary>
    Ok = 6,
}
