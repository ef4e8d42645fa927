using System.Diagnostics;

namespace BackupHealth.Collector.Telemetry;

/// <summary>The names the collector's metrics and traces are published under, and its one activity source.</summary>
internal static class CollectorTelemetry
{
    public const string MeterName = "BackupHealth.Collector";
    public const string ActivitySourceName = "BackupHealth.Collector";

    /// <summary>The <c>service.name</c> unless <c>OTEL_SERVICE_NAME</c> or <c>OTEL_RESOURCE_ATTRIBUTES</c> says otherwise.</summary>
    public const string ServiceName = "backuphealth-collector";

    // An ActivitySource is process-wide by design (there is no factory for it, unlike meters); it costs nothing
    // until a tracer provider listens.
    public static readonly ActivitySource Source = new(ActivitySourceName, Version);

    public static string Version => typeof(CollectorTelemetry).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
