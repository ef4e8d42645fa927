namespace BackupHealth.Collector.Alerts;

/// <summary>One row of <c>alerts</c> as the evaluator works with it. Times are unix milliseconds.</summary>
internal sealed record AlertRecord(
    long Id,
    string Rule,
    string Subject,
    long SiteId,
    long? AgentId,
    long? JobId,
    string Severity,
    string State,
    string Title,
    string Detail,
    long FiredAt,
    long? ResolvedAt,
    long? HeldBy,
    bool Muted,
    bool NotifiedFired,
    long? LastNotifiedAt)
{
    public bool IsOpen => State != AlertStates.Resolved;
}
