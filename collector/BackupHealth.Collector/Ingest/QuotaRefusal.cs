namespace BackupHealth.Collector.Ingest;

/// <summary>Why a batch was refused: the setting (under <c>Collector:Limits</c>) whose <paramref name="Limit"/> per
/// <paramref name="Per"/> it would have crossed, and how long until there is room again.</summary>
internal sealed record QuotaRefusal(string Setting, int Limit, string Per, TimeSpan RetryAfter);
