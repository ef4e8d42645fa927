namespace BackupHealth.Collector.Dashboard.Grid;

/// <summary>What one job did on one calendar day.</summary>
internal enum DayOutcome
{
    /// <summary>The day's last finished run succeeded.</summary>
    Success,

    /// <summary>The day's last finished run ended with a warning.</summary>
    Warning,

    /// <summary>The day's last finished run failed.</summary>
    Failed,

    /// <summary>The expectation required a completed run on this day and none came (no run finished that day).</summary>
    Missed,

    /// <summary>Today: a run is in progress and none finished yet.</summary>
    Running,

    /// <summary>Today: a run is due later today (or within its grace), none finished yet.</summary>
    Pending,

    /// <summary>No run, and none was required (a day off, between runs of a weekly job, before the job existed).</summary>
    NothingExpected,
}
