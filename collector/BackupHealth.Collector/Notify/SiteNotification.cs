using BackupHealth.Collector.Model;
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
    IReadOnlyList<RunSummary> LastRuns)
{
    // Added after version 1 of the stored payload: optional, so rows stored by an older collector still read.

    /// <summary>The job's id, for the "Job history" link and the webhook; null for agent, probe and VM alerts.</summary>
    public long? JobId { get; init; }

    /// <summary>The product the job or probe reads: <c>veeam.vbr</c>, <c>xenserver.xva</c>, … (see <see cref="RuleGuide"/>).</summary>
    public string? SourceKind { get; init; }

    /// <summary>The agent's host name, as its Hello says.</summary>
    public string? HostName { get; init; }

    /// <summary>What the newest run names: the file path, VM or repository it wrote.</summary>
    public string? Location { get; init; }

    /// <summary>Since when the problem has been there by the source's own clock: the first failed run after the last
    /// success, the last success of a missed job, when a silent agent was last heard. Null: since <see cref="FiredAt"/>.</summary>
    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? LastSuccess { get; init; }

    /// <summary>When the agent was last heard from.</summary>
    public DateTimeOffset? LastHeard { get; init; }

    /// <summary>When a successful run was due (<c>job_missed</c>).</summary>
    public DateTimeOffset? DueBy { get; init; }

    public string? AcknowledgedBy { get; init; }

    public string? AcknowledgeComment { get; init; }

    /// <summary>The person who resolved it; null when its condition cleared.</summary>
    public string? ResolvedBy { get; init; }

    public string? ResolveComment { get; init; }

    /// <summary>The run whose success cleared it, when one did.</summary>
    public RunSummary? ResolvingRun { get; init; }

    /// <summary>The alert of the same rule and subject that a person resolved before this one fired again.</summary>
    public ReopenedAlert? Reopens { get; init; }

    /// <summary>The same for every channel told of this change (<c>bh-42-fired-1765000000000</c>), so a receiver that
    /// hears of it twice, or on two channels, knows it is one event.</summary>
    public string EventId { get; init; } = "";

    /// <summary>What the guide's texts need (<see cref="RuleGuide.NextStep"/>).</summary>
    public GuideContext Guide => new(SourceKind, HostName, LastHeard, LastSuccess, Location);
}

/// <summary>A person's resolve that the condition outlived: who, when and why.</summary>
internal sealed record ReopenedAlert(long AlertId, string ResolvedBy, DateTimeOffset ResolvedAt, string? Comment);

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

    /// <summary>A person acknowledged it: they are on it (who and their comment are in the change).</summary>
    Acknowledged = 5,
}

/// <summary>One recent run, for the body of a notification.</summary>
internal sealed record RunSummary(RunStatus Status, DateTimeOffset RunTime, DateTimeOffset? Start, DateTimeOffset? End, long SizeBytes, string Message);
