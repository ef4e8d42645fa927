using BackupHealth.Collector.Expectations;

namespace BackupHealth.Collector.Dashboard.History;

/// <summary>One job as the dashboard reads it from the jobs table and its neighbours, without its runs.</summary>
/// <param name="LatestTime">Unix ms of the newest run (jobs.latest_time): with <paramref name="LastSuccess"/>, what
/// tells the history cache that the job's runs changed.</param>
/// <param name="Disabled">The probe's latest job list reports the job disabled.</param>
/// <param name="Stated">The schedule the probe's latest job list states for the job; null when it states none.</param>
internal sealed record JobRow(
    long JobId,
    long AgentId,
    string AgentKey,
    string HostName,
    long SiteId,
    long CustomerId,
    string Customer,
    string Site,
    string JobKey,
    string Name,
    string SourceKind,
    string ProtectedObject,
    DateTimeOffset FirstSeen,
    bool Disabled,
    ExpectationSetting? Setting,
    DateTimeOffset? SettingUpdatedAt,
    string? SettingUpdatedBy,
    string? LatestStatus,
    long? LatestTime,
    long? LastSuccess,
    StatedSchedule? Stated = null);
