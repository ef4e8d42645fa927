using BackupHealth.Collector.Coverage;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Collector.Coverage;

internal static class CoverageServiceCollectionExtensions
{
    /// <summary>The coverage API's reads, writes and JSON types. The matching and judging need the alert rules'
    /// services (expectations, <c>VmNotProtected</c> options) and the snapshot loader.</summary>
    public static IServiceCollection AddCoverage(this IServiceCollection services)
    {
        services.AddSingleton<CoverageQueries>();
        services.AddSingleton<CoverageCommands>();
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, CoverageJsonContext.Default));
        return services;
    }
}
