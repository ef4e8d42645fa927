namespace BackupHealth.Collector.Telemetry;

/// <summary>Attribute names on the collector's spans, namespaced as OpenTelemetry's conventions ask for span
/// attributes of one product.</summary>
internal static class SpanAttributes
{
    public const string Customer = "backuphealth.customer";
    public const string Site = "backuphealth.site";
    public const string Agent = "backuphealth.agent";
    public const string BatchSequence = "backuphealth.batch.sequence";
    public const string BatchObservations = "backuphealth.batch.observations";
    public const string BatchStored = "backuphealth.batch.stored";
}
