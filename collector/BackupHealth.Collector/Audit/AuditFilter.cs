namespace BackupHealth.Collector.Audit;

/// <summary>What to read from the audit log: rows at or after <see cref="From"/> and before <see cref="To"/>, of
/// <see cref="Actor"/> (exact), whose action starts with <see cref="Action"/>, of <see cref="Customer"/> (exact), older
/// than the row <see cref="Before"/> (the cursor of the previous page); newest first, at most <see cref="Limit"/>.</summary>
internal sealed record AuditFilter(
    DateTimeOffset? From = null, DateTimeOffset? To = null, string? Actor = null, string? Action = null, string? Customer = null,
    long? Before = null, int Limit = AuditFilter.DefaultLimit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>A filter word as typed: blank means no filter, spaces around it do not count.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
