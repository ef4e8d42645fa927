namespace BackupHealth.Collector.Audit;

/// <summary>A row of <c>GET /api/v1/audit</c>.</summary>
internal sealed record AuditEntryDto(long Id, DateTime At, string Actor, string? TokenOwner, string? Address, string Action, string Target,
    string? Customer, string Detail)
{
    public static AuditEntryDto From(AuditRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new AuditEntryDto(row.Id, row.At.UtcDateTime, row.Actor, row.TokenOwner, row.Address, row.Action, row.Target, row.Customer, row.Detail);
    }
}

/// <summary>One page: <see cref="Next"/> is the <c>before</c> of the next (older) page, null on the last.</summary>
internal sealed record AuditPageDto(IReadOnlyList<AuditEntryDto> Items, long? Next);
