using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Collector.Telemetry;

internal static class TelemetryEndpoints
{
    public const string MetricsPath = "/metrics";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>Only an API token (any role) of a user who sees every customer: the metrics carry every customer's
    /// names. Prometheus sends it as <c>authorization: credentials_file</c>; a missing or wrong token is a plain 401,
    /// never the sign-in page.</summary>
    private static readonly AuthorizationPolicy ScrapePolicy = new AuthorizationPolicyBuilder(ApiTokenHandler.SchemeName)
        .RequireAuthenticatedUser()
        .RequireAssertion(context => UserAccess.Of(context.User) is { IsLimited: false })
        .Build();

    /// <summary>Maps <c>/metrics</c> (Prometheus) and the health probes on the web port, and grpc.health.v1 on the
    /// agents' port. The health probes are anonymous on purpose: load balancers and service managers call them without
    /// credentials, and they say nothing but Healthy, or Unhealthy and why in the collector's own words.</summary>
    public static void MapCollectorTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // The gauges exist from the start, before the first agent connects — once started: resolving them reads the
        // options, which must be validated (and reported) by the start first.
        app.Lifetime.ApplicationStarted.Register(() => _ = app.Services.GetRequiredService<CollectorMetrics>());

        var web = new SurfaceMetadata(Surface.Web);
        app.MapPrometheusScrapingEndpoint(MetricsPath).WithMetadata(web).RequireAuthorization(ScrapePolicy);
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }).WithMetadata(web).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(TelemetryServiceCollectionExtensions.ReadyTag),
            ResponseWriter = ReadyResponse.WriteAsync,
        })
            .WithMetadata(web).AllowAnonymous();
        app.MapGrpcHealthChecksService().WithMetadata(new SurfaceMetadata(Surface.Grpc)).AllowAnonymous();
    }
}
