using System.Diagnostics;

namespace BackupHealth.Agent.Telemetry;

/// <summary>The names the agent's metrics and traces are published under, and its one activity source.</summary>
internal static class AgentTelemetry
{
    public const string MeterName = "BackupHealth.Agent";
    public const string ActivitySourceName = "BackupHealth.Agent";

    /// <summary>The <c>service.name</c> unless <c>OTEL_SERVICE_NAME</c> or <c>OTEL_RESOURCE_ATTRIBUTES</c> says otherwise.</summary>
    public const string ServiceName = "backuphealth-agent";

    public const string ProbeRunSpanName = "probe run";

    // Process-wide by design (activity sources have no factory); it costs nothing until a tracer provider listens.
    public static readonly ActivitySource Source = new(ActivitySourceName, Version);

    public static string Version => typeof(AgentTelemetry).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
