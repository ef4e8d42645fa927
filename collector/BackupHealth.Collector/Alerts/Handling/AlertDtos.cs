namespace BackupHealth.Collector.Alerts.Handling;

// The JSON shapes of the alert API, apart from the rows so either can change. Times are UTC (DateTime of kind Utc
// serialises as ISO-8601 with 'Z'). agentId is the agent's own id (its key), as in /api/v1/agents.

internal sealed record AlertDto(
    long Id,
    string Key,
    string Rule,
    string Subject,
    string Severity,
    string State,
    string Title,
    string Detail,
    string Customer,
    string Site,
    string? AgentId,
    long? JobId,
    string? JobName,
    DateTime FiredAt,
    DateTime LastSeenAt,
    DateTime? AcknowledgedAt,
    string? AcknowledgedBy,
    string? AckComment,
    DateTime? ResolvedAt,
    string? ResolvedBy,
    string? ResolvedComment,
    bool Muted,
    long? HeldBy,
    long SiteId);

internal sealed record SilenceDto(
    long Id,
    string? Customer,
    string? Site,
    string? Agent,
    string? Job,
    string? Rule,
    DateTime StartsAt,
    DateTime EndsAt,
    string State,
    string Comment,
    string CreatedBy,
    DateTime CreatedAt);

/// <summary>Recurring windows have days, start, duration and timeZone; one-off windows startsAt and endsAt.</summary>
internal sealed record MaintenanceWindowDto(
    long Id,
    string Customer,
    string Site,
    IReadOnlyList<string>? Days,
    string? Start,
    string? Duration,
    string? TimeZone,
    DateTime? StartsAt,
    DateTime? EndsAt,
    bool Active,
    string Comment,
    string CreatedBy,
    DateTime CreatedAt);

internal sealed record EvaluationResultDto(
    DateTime At,
    int Findings,
    int Opened,
    int Resolved,
    int Notifications,
    IReadOnlyList<string> FailedRules);
