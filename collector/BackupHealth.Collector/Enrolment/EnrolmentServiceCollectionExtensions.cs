using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Enrolment;

internal static class EnrolmentServiceCollectionExtensions
{
    /// <summary>Registers the <c>Collector:Enrolment</c> options (validated at start), the agent CA, the token and
    /// certificate stores and the agent certificate check of the ingest stream. The gRPC service and the API are mapped
    /// by the host.</summary>
    public static IServiceCollection AddEnrolment(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<EnrolmentOptions>().Bind(configuration.GetSection(EnrolmentOptions.SectionName));
        services.AddSingleton<IValidateOptions<EnrolmentOptions>, EnrolmentOptionsValidator>();
        services.AddSingleton<AgentCertificateAuthority>();
        services.AddSingleton<EnrolmentTokens>();
        services.AddSingleton<AgentCertificates>();
        services.AddSingleton<AgentRevocation>();
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, EnrolmentJsonContext.Default));
        return services;
    }
}
