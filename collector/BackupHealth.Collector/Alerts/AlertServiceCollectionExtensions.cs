using BackupHealth.Collector.Alerts.Handling;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Alerts;

internal static class AlertServiceCollectionExtensions
{
    /// <summary>Registers the alert room: <c>Collector:Alerts</c> options (validated at start), the snapshot loader,
    /// the evaluator (a hosted service, and a singleton the API calls) and the API's reads, writes and JSON types.
    /// Needs the store's services, the rules (<c>IAlertRule</c>, any number) and an <c>INotificationSink</c>.</summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<AlertOptions>().Bind(configuration.GetSection(AlertOptions.SectionName));
        services.AddSingleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>();
        services.AddSingleton<AlertEvaluator>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertEvaluator>());
        services.AddSingleton<AlertQueries>();
        services.AddSingleton<AlertCommands>();
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, AlertsJsonContext.Default));
        return services;
    }
}
