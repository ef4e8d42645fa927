using System.Diagnostics.Metrics;
using BackupHealth.Agent.Outbox;
using BackupHealth.OtlpExport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BackupHealth.Agent.Telemetry;

internal static class AgentTelemetryServices
{
    /// <summary>Registers the agent's instruments (always: without a listener they cost nothing) and, only when an
    /// OTLP endpoint is configured (<c>Agent:Telemetry:Otlp:Endpoint</c> or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>), the
    /// OpenTelemetry SDK exporting metrics, traces and logs over OTLP. Without it nothing of the SDK is loaded, which
    /// keeps the idle agent small. Everything here is trimming- and NativeAOT-safe: no reflection-based binding.</summary>
    public static IServiceCollection AddAgentTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<AgentTelemetryOptions>().Bind(configuration.GetSection(AgentTelemetryOptions.SectionName));
        services.AddSingleton<IValidateOptions<AgentTelemetryOptions>, AgentTelemetryOptionsValidator>();
        services.AddMetrics();
        services.AddSingleton(sp => new AgentMetrics(
            sp.GetRequiredService<IMeterFactory>(), () => sp.GetRequiredService<ObservationOutbox>().Depth));

        if (!OtlpSettings.IsConfigured(configuration, AgentTelemetryOptions.SectionName))
        {
            return services;
        }

        var instance = configuration["Agent:Id"] is { Length: > 0 } id ? id : Environment.MachineName;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(AgentTelemetry.ServiceName, serviceVersion: AgentTelemetry.Version, serviceInstanceId: instance)
                .AddEnvironmentVariableDetector())
            .WithMetrics(metrics => metrics.AddMeter(AgentTelemetry.MeterName))
            .WithTracing(tracing => tracing.AddSource(AgentTelemetry.ActivitySourceName))
            .WithLogging()
            .UseConfiguredOtlpExporter(configuration, AgentTelemetryOptions.SectionName);
        return services;
    }
}
