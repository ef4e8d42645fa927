using System.ComponentModel.DataAnnotations;

namespace BackupHealth.OtlpExport;

// The source-generated validator replaces these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>Where to push metrics, traces and logs over OTLP (<c>Agent:Telemetry:Otlp</c>,
/// <c>Collector:Telemetry:Otlp</c>). Empty settings fall back to the standard <c>OTEL_*</c> environment variables
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, …).</summary>
internal sealed class OtlpOptions
{
    public const string Grpc = "grpc";
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>Base URL of the OTLP receiver, e.g. <c>http://otel-collector:4317</c> (gRPC) or
    /// <c>http://otel-collector:4318</c> (HTTP; the signal paths <c>/v1/metrics</c>… are appended).</summary>
    [MaxLength(2048)]
    public string Endpoint { get; set; } = "";

    /// <summary><c>grpc</c> (the default) or <c>http/protobuf</c>.</summary>
    [RegularExpression("^(|grpc|http/protobuf)$", ErrorMessage = "must be grpc or http/protobuf")]
    public string Protocol { get; set; } = "";
}
