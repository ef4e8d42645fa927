using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Tls;

internal static class TlsServiceCollectionExtensions
{
    /// <summary>Registers the <c>Collector:Tls</c> options (validated at start) and the server certificate the
    /// collector's Kestrel set-up gives its https listeners.</summary>
    public static IServiceCollection AddCollectorTls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<TlsOptions>().Bind(configuration.GetSection(TlsOptions.SectionName));
        services.AddSingleton<IValidateOptions<TlsOptions>, TlsOptionsValidator>();
        services.AddSingleton<ServerCertificates>();
        services.AddHostedService(sp => sp.GetRequiredService<ServerCertificates>());
        return services;
    }
}
