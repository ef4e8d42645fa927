using BackupHealth.OtlpExport;

namespace BackupHealth.Agent.Telemetry;

/// <summary>The <c>Agent:Telemetry</c> section. OTLP export is off unless <see cref="OtlpOptions.Endpoint"/> or the
/// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
internal sealed class AgentTelemetryOptions
{
    public const string SectionName = "Agent:Telemetry";

    public OtlpOptions Otlp { get; set; } = new();
}
