using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Collector.Audit;

internal static class AuditServiceCollectionExtensions
{
    /// <summary>Registers the audit log (<see cref="IAuditLog"/>, written by every security-relevant action), its
    /// the API's JSON types. Needs the store's <see cref="Store.IAuditStore"/>.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<IAuditLog, AuditLog>();
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, AuditJsonContext.Default));
        return services;
    }
}
