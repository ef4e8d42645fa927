namespace BackupHealth.Collector.Model;

/// <summary>A condition that holds now. <see cref="Subject"/> names what it is about — <c>job:42</c>,
/// <c>agent:7</c>, <c>probe:7:nas-veeam</c>, <c>vm:3:&lt;item id&gt;</c> — and (rule, subject) is the alert's identity.</summary>
/// <param name="Title">One line for a person, e.g. "SQL01 nightly failed".</param>
/// <param name="Detail">Why, with the figures, e.g. "newest run 2026-11-27 02:14 UTC failed: ...".</param>
internal sealed record RuleFinding(
    string Rule,
    string Subject,
    AlertSeverity Severity,
    long SiteId,
    long? AgentId,
    long? JobId,
    string Title,
    string Detail)
{
    /// <summary>When what is missing was due (<c>job_missed</c>); null for other rules.</summary>
    public DateTimeOffset? DueBy { get; init; }
}
