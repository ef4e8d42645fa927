using BackupHealth.Collector.Audit;

namespace BackupHealth.Collector.Store;

/// <summary>The audit log's rows: appended, read back a page at a time, never changed or removed.</summary>
internal interface IAuditStore
{
    /// <summary>Appends one row as given (the caller has cut and cleaned its texts). A job, alert or site target
    /// without a customer gets the customer of what it names. Throws <see cref="StoreUnavailableException"/> when the
    /// row was not stored.</summary>
    Task AppendAsync(AuditEntry entry, DateTimeOffset at);

    /// <summary>One page of rows, newest first, and the cursor of the next (older) page, null when there is none.</summary>
    Task<(IReadOnlyList<AuditRow> Rows, long? Next)> ReadAsync(AuditFilter filter, AuditScope scope, CancellationToken cancellationToken);
}
