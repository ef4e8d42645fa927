using BackupHealth.Collector.Rules;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Notify;

/// <summary>What one evaluation has to tell about one site: every alert of the site that fired, repeats, was
/// released from a silence, or resolved. One notification per site per evaluation, not one per job.</summary>
internal sealed record SiteNotification(
    long SiteId,
    string Customer,
    string Site,
    DateTimeOffset At,
    IReadOnlyList<AlertChange> Changes);

/// <param name="AlertKey">Stable across the alert's life and unique per alert (<c>bh-&lt;alert id&gt;</c>), so a ticketing system can
/// open one ticket on fire and close it on resolve.</param>
internal sealed record AlertChange(
    long AlertId,
    string AlertKey,
    string Rule,
    string Subject,
    AlertSeverity Severity,
    AlertChangeKind Kind,
    string Title,
    string Detail,
    string? AgentKey,
    string? JobName,
    DateTimeOffset FiredAt,
    DateTimeOffset? ResolvedAt,
    IReadOnlyList<RunSummary> LastRuns);

internal enum AlertChangeKind
{
    /// <summary>Newly firing.</summary>
    Fired = 1,

    /// <summary>Still firing and unacknowledged; the repeat interval passed.</summary>
    Repeated = 2,

    /// <summary>Firing while muted by a silence or maintenance window that has now ended.</summary>
    Released = 3,

    /// <summary>The condition cleared (or a person resolved it).</summary>
    Resolved = 4,
}

/// <summary>One recent run, for the body of a notification.</summary>
internal sealed record RunSummary(RunStatus Status, DateTimeOffset RunTime, DateTimeOffset? Start, DateTimeOffset? End, long SizeBytes, string Message);
