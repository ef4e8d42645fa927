namespace BackupHealth.Contracts;

/// <summary>The job listing attributes in which a probe passes on when its source says a job runs; the collector reads
/// them as the job's stated schedule (what does not parse there is left out).</summary>
public static class StatedScheduleAttributes
{
    /// <summary>The schedule syntax people type, e.g. <c>weekly sat 02:00</c> or five-field cron.</summary>
    public const string Schedule = "schedule";

    /// <summary>An interval, e.g. <c>4h</c>.</summary>
    public const string Interval = "interval";

    /// <summary>The collector's schedule parser reads at most this many characters; an interval is shorter still.</summary>
    public const int MaxLength = 200;
}
