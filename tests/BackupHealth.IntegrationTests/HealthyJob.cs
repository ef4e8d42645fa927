namespace BackupHealth.IntegrationTests;

/// <summary>One healthy backup job of the 90-days test: the local times of day it starts at in its time zone, on the
/// days it runs, and what a usual run takes and writes.</summary>
/// <param name="RunsOn">Whether the job runs on a local date.</param>
/// <param name="Times">Local start times on such a date.</param>
/// <param name="FullOn">For a weekly full with daily incrementals: the full's day. Runs then carry the attribute
/// <c>backup_type</c>; a full writes ten times an incremental and takes four times as long.</param>
internal sealed record HealthyJob(
    string Name,
    TimeZoneInfo Zone,
    Func<DateOnly, bool> RunsOn,
    IReadOnlyList<TimeOnly> Times,
    TimeSpan Duration,
    long SizeBytes,
    DayOfWeek? FullOn = null)
{
    public const int FullSizeFactor = 10;
    public const int FullDurationFactor = 4;

    /// <summary>Hourly or every few hours: more runs in 90 days than the collector judges by.</summary>
    public bool IsSubDaily => Times.Count > 1;

    public string? BackupTypeOn(DateOnly date) => FullOn is not { } full ? null : date.DayOfWeek == full ? "full" : "incremental";
}
