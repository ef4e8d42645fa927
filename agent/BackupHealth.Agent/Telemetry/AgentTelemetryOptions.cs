using System.ComponentModel.DataAnnotations;

namespace BackupHealth.Agent.Telemetry;

// The source-generated validator replaces these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>The <c>Agent:Telemetry</c> section. OTLP export is off unless <see cref="AgentOtlpOptions.Endpoint"/> or the
/// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
internal sealed class AgentTelemetryOptions
{
    public const string SectionName = "Agent:Telemetry";

    public AgentOtlpOptions Otlp { get; set; } = new();
}

/// <summary>Where to push metrics, traces and logs over OTLP. Empty settings fall back to the standard <c>OTEL_*</c>
/// environment variables.</summary>
internal sealed class AgentOtlpOptions
{
    public const string Grpc = "grpc";
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>Base URL of the OTLP receiver, e.g. <c>http://otel-collector:4317</c> (gRPC) or
    /// <c>http://otel-collector:4318</c> (HTTP; the signal paths are appended).</summary>
    [MaxLength(2048)]
    public string Endpoint { get; set; } = "";

    /// <summary><c>grpc</c> (the default) or <c>http/protobuf</c>.</summary>
    [RegularExpression("^(|grpc|http/protobuf)$", ErrorMessage = "must be grpc or http/protobuf")]
    public string Protocol { get; set; } = "";
}
