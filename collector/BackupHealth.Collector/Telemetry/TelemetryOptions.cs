using BackupHealth.OtlpExport;

namespace BackupHealth.Collector.Telemetry;

/// <summary>The <c>Collector:Telemetry</c> section. Prometheus scraping (<c>/metrics</c>) is always on; OTLP export is
/// off unless <see cref="OtlpOptions.Endpoint"/> or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
internal sealed class TelemetryOptions
{
    public const string SectionName = "Collector:Telemetry";

    public OtlpOptions Otlp { get; set; } = new();
}
