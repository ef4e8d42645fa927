namespace BackupHealth.Collector.Audit;

/// <summary>One action to record. <see cref="Actor"/> is a user name, <c>api-token:&lt;id&gt;</c>, <c>system</c> or
/// <c>agent:&lt;id&gt;</c>; <see cref="Target"/> names what it acted on (<c>user:ann</c>, <c>job:42</c>);
/// <see cref="Customer"/> is the customer it concerns (null: collector-wide). <see cref="Detail"/> is short text for
/// people and never holds a secret: no password, no token value.</summary>
internal sealed record AuditEntry(string Actor, string? Address, string Action, string Target, string? Customer = null, string Detail = "");
