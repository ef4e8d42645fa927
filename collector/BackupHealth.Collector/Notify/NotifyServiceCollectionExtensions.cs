using System.Net;
using BackupHealth.Collector.Notify.Channels;
using BackupHealth.Collector.Notify.Links;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Notify;

internal static class NotifyServiceCollectionExtensions
{
    /// <summary>Registers <c>Collector:Notify</c> (validated at start), the sink the alert evaluator writes to, the
    /// channels and the dispatcher. Needs the store's <see cref="Store.INotificationQueue"/>.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptionsWithValidateOnStart<NotifyOptions>().Bind(configuration.GetSection(NotifyOptions.SectionName));
        services.AddSingleton<IValidateOptions<NotifyOptions>, NotifyOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(HttpPoster.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.All })
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<NotifyOptions>>().Value.SendTimeout);
        services.AddSingleton<HttpPoster>();
        services.AddSingleton<NotificationLinks>();
        services.AddSingleton<CustomerTimeZones>();
        services.AddSingleton<CollectorInstance>();
        services.AddSingleton<MessageContext>();
        services.AddSingleton<NotificationChannels>();

        services.AddSingleton<NotificationSignal>();
        services.AddSingleton<NotificationRouter>();
        services.AddSingleton<INotificationSink, NotificationSink>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, NotificationApiJsonContext.Default));
        return services;
    }
}
