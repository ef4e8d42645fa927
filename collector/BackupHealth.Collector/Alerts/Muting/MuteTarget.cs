using System.Globalization;

namespace BackupHealth.Collector.Alerts.Muting;

/// <summary>What silences and maintenance windows look at to decide whether an alert is muted.</summary>
internal sealed record MuteTarget(string Rule, long SiteId, string Customer, string Site, string? AgentKey, long? JobId, string? JobKey)
{
    public bool IsJob(string job) =>
        (JobKey is not null && string.Equals(JobKey, job, StringComparison.Ordinal))
        || (JobId is { } id && string.Equals(id.ToString(CultureInfo.InvariantCulture), job, StringComparison.Ordinal));
}
