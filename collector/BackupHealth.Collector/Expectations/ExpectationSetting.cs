namespace BackupHealth.Collector.Expectations;

/// <summary>An expectation a person set for a job: either an interval, or a schedule (cron or the short form
/// "weekdays 22:00 Europe/Amsterdam") in a time zone; with a grace. Stored per job.</summary>
internal sealed record ExpectationSetting(TimeSpan? Interval, string? Schedule, TimeSpan? Grace);
