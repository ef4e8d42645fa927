using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Limits;

internal static class LimitsServiceCollectionExtensions
{
    /// <summary>Registers the <c>Collector:Limits</c> options (validated at start), the failure and attempt counters per address, the password-hashing slots,
    /// the open-stream registry and the rate-limiting policies (<see cref="LimitPolicies"/>). The Kestrel limits are
    /// applied by the collector's Kestrel set-up.</summary>
    public static IServiceCollection AddCollectorLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.SectionName));
        services.AddSingleton<IValidateOptions<LimitsOptions>, LimitsOptionsValidator>();
        services.AddSingleton<IOpenFileLimit, ProcOpenFileLimit>();
        services.AddSingleton<IValidateOptions<LimitsOptions>, OpenFileLimitValidator>();
        services.AddSingleton<SignInFailures>();
        services.AddSingleton<SignInAttempts>();
        services.AddSingleton<PasswordHashSlots>();
        services.AddSingleton<AgentAuthFailures>();
        services.AddSingleton<StreamRegistry>();
        // On the real clock, as Kestrel's own timeouts are: connections live in real time even where the collector's
        // TimeProvider is a test's fake one.
        services.AddSingleton(sp => new IdleConnections(
            sp.GetRequiredService<IOptions<LimitsOptions>>(), TimeProvider.System, sp.GetRequiredService<ILogger<IdleConnections>>()));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy<string, FailedCredentialsPolicy>(LimitPolicies.FailedCredentials);
        });
        return services;
    }
}
