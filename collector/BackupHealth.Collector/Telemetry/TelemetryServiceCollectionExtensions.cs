using BackupHealth.OtlpExport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BackupHealth.Collector.Telemetry;

internal static class TelemetryServiceCollectionExtensions
{
    public const string ReadyTag = "ready";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Registers the collector's telemetry: <c>Collector:Telemetry</c> options (validated at start), its
    /// instruments, the Prometheus exporter behind <c>/metrics</c>, health checks (HTTP and grpc.health.v1) and, only
    /// when an OTLP endpoint is configured (setting or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>), traces and logs with OTLP
    /// export of all three signals. The SDK itself reads the other standard <c>OTEL_*</c> variables.</summary>
    public static IServiceCollection AddCollectorTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName));
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        services.AddSingleton<StoreGauges>();
        services.AddSingleton<CollectorMetrics>();
        services.AddSingleton<IngestTelemetry>();
        services.AddHealthChecks().AddCheck<StoreReadyCheck>(StoreReadyCheck.Name, tags: [ReadyTag], timeout: ReadyTimeout);
        services.AddGrpcHealthChecks();

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(CollectorTelemetry.ServiceName, serviceVersion: CollectorTelemetry.Version)
                .AddEnvironmentVariableDetector())
            .WithMetrics(metrics => metrics
                .AddMeter(CollectorTelemetry.MeterName)
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));

        if (!OtlpSettings.IsConfigured(configuration, TelemetryOptions.SectionName))
        {
            return services;
        }

        telemetry.WithTracing(tracing => tracing.AddSource(CollectorTelemetry.ActivitySourceName))
            .WithLogging()
            .UseConfiguredOtlpExporter(configuration, TelemetryOptions.SectionName);
        return services;
    }
}
