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

    public string? AcknowledgedBy { get; init; }

    public string? AckComment { get; init; }

    /// <summary>Who resolved it: a person's name, or <see cref="AlertStates.ConditionCleared"/>.</summary>
    public string? ResolvedBy { get; init; }

    public string? ResolvedComment { get; init; }

    /// <summary>The alert a person resolved before this one fired again for the same rule and subject.</summary>
    public long? Reopens { get; init; }

    public bool ResolvedByPerson => ResolvedBy is not null && ResolvedBy != AlertStates.ConditionCleared;
}
