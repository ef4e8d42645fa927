using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Collector.Web.Live;
using BackupHealth.Collector.Web.Proxies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Web;

internal static class WebServiceCollectionExtensions
{
    /// <summary>Registers the pages people use: Razor Pages from this assembly (whichever assembly started the host),
    /// sign-in and roles (<see cref="AuthServiceCollectionExtensions.AddCollectorAuth"/>), the trusted reverse proxies
    /// (<c>Collector:Web:TrustedProxies</c>), and data-protection keys
    /// kept beside the database so sessions survive a restart.</summary>
    public static IServiceCollection AddCollectorWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCollectorAuth(configuration);
        services.AddOptionsWithValidateOnStart<WebProxyOptions>().Bind(configuration.GetSection(WebProxyOptions.SectionName));
        services.AddSingleton<IValidateOptions<WebProxyOptions>, WebProxyOptionsValidator>();
        services.AddSingleton<IConfigureOptions<ForwardedHeadersOptions>, ForwardedHeadersSetup>();
        services.AddRazorPages(o => o.RootDirectory = "/Web/Pages")
            .ConfigureApplicationPartManager(parts =>
            {
                var assembly = typeof(WebServiceCollectionExtensions).Assembly;
                if (!parts.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == assembly))
                {
                    foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                    {
                        parts.ApplicationParts.Add(part);
                    }
                }
            });
        services.AddSingleton<ITempDataProvider>(sp => new LiveTempDataProvider(ActivatorUtilities.CreateInstance<CookieTempDataProvider>(sp)));
        services.AddDataProtection().SetApplicationName("BackupHealth.Collector");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(keys =>
        {
            var collector = CollectorOptions.ValueIfValid(sp.GetRequiredService<IOptions<CollectorOptions>>());
            if (collector is null)
            {
                return;
            }

            var folder = Path.Combine(Path.GetFullPath(collector.DataPath, sp.GetRequiredService<IHostEnvironment>().ContentRootPath), "keys");
            keys.XmlRepository = new OwnerOnlyKeyRepository(new DirectoryInfo(folder), sp.GetRequiredService<ILoggerFactory>());
        }));
        return services;
    }
}
