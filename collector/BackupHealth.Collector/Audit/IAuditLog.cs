namespace BackupHealth.Collector.Audit;

/// <summary>Appends security-relevant actions to the audit log. There is deliberately no way to change or remove a
/// row.</summary>
internal interface IAuditLog
{
    /// <summary>Appends <paramref name="entry"/> after the action itself took effect. Never throws: a failed write is
    /// logged as an error with the whole entry, so the action is not lost silently and does not fail because of it.</summary>
    Task RecordAsync(AuditEntry entry);
}
