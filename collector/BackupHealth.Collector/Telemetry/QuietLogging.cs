using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Telemetry;

/// <summary>What the collector's log leaves out by default. HttpClient's own request logging names the full URL at
/// Information, and a Slack or Teams webhook's path is its secret: it is removed from every client the factory makes
/// (notification channels, and the OTLP exporter's when it sends over HTTP). ASP.NET Core and grpc-dotnet log every
/// request (and every refused agent stream, with a stack trace for a message that does not parse) at Information;
/// the collector says what matters about those in its own words, so their categories start at Warning. Settings still
/// win: <c>Logging:LogLevel:Microsoft.AspNetCore=Information</c> brings the request lines back.</summary>
internal static class QuietLogging
{
    private static readonly string[] FrameworkCategories = ["Microsoft.AspNetCore", "Grpc"];

    public static IServiceCollection AddQuietLogging(this IServiceCollection services)
    {
        services.ConfigureHttpClientDefaults(client => client.RemoveAllLoggers());
        services.Configure<LoggerFilterOptions>(filter =>
        {
            // First in the list: of two rules for the same category the later one wins, so configured levels override these.
            foreach (var category in FrameworkCategories)
            {
                filter.Rules.Insert(0, new LoggerFilterRule(null, category, LogLevel.Warning, null));
            }
        });
        return services;
    }
}
