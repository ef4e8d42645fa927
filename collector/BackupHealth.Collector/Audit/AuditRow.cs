namespace BackupHealth.Collector.Audit;

/// <summary>A recorded action as read back; <see cref="TokenOwner"/> is the user whose API token the actor is, when
/// the actor is one.</summary>
internal sealed record AuditRow(long Id, DateTimeOffset At, string Actor, string? TokenOwner, string? Address, string Action, string Target,
    string? Customer, string Detail);
