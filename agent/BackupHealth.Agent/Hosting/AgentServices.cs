using BackupHealth.Agent.Enrolment;
using BackupHealth.Agent.Footprint;
using BackupHealth.Agent.Outbox;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Telemetry;
using BackupHealth.Agent.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Hosting;

/// <summary>The agent's services: the core every verb needs (settings, probes) and what <c>run</c> adds.</summary>
internal static class AgentServices
{
    public static IServiceCollection AddAgentCore(this IServiceCollection services, IConfiguration configuration, bool requireToken)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptionsWithValidateOnStart<AgentOptions>()
            .Bind(configuration.GetSection(AgentOptions.SectionName))
            .PostConfigure(AgentDefaults.Apply);
        services.AddSingleton<IValidateOptions<AgentOptions>>(new AgentSettingsValidator(requireToken));
        services.AddSingleton(ProbeRegistry.Default);
        services.AddSingleton(ProbeStateStores.InMemory());
        services.AddSingleton<ICommandRunner>(sp => new ProcessCommandRunner(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => ProbeCatalog.Load(
            configuration.GetSection(ProbeCatalog.SectionName),
            sp.GetRequiredService<ProbeRegistry>(),
            new ProbeContext(
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>(),
                sp.GetRequiredService<ProbeStateStores>(),
                sp.GetRequiredService<ICommandRunner>(),
                sp.GetService<AgentMetrics>())));
        return services;
    }

    public static IServiceCollection AddAgentRun(this IServiceCollection services)
    {
        // The service remembers what each probe has seen across restarts; check (core only) starts afresh each time.
        // A probe's state of a run is kept only once that run's facts are queued (ProbeScheduler).
        services.Replace(ServiceDescriptor.Singleton(sp => ProbeStateStores.InFolder(
            () => Path.Combine(sp.GetRequiredService<IOptions<AgentOptions>>().Value.DataPath, ProbeStateStores.FolderName), heldUntilQueued: true)));
        services.AddSingleton(sp => InDataPath(sp, options => new ObservationOutbox(
            Path.Combine(options.DataPath, ObservationOutbox.FolderName),
            options.MaxBatchObservations,
            new OutboxLimits(options.OutboxMaxBytes, options.OutboxMaxAge),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ObservationOutbox>>())));
        services.AddSingleton(sp => InDataPath(sp, options => new SeenObservationIds(
            options.DataPath, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SeenObservationIds>>())));
        services.AddSingleton<OutboxIntake>();
        services.AddSingleton<ProbeHealthBoard>();
        services.AddSingleton(sp => new AgentIdentity(sp.GetRequiredService<IOptions<AgentOptions>>().Value.DataPath));
        services.AddSingleton<CollectorConnection>();
        services.AddSingleton<IIngestConnector, GrpcIngestConnector>();
        services.AddHostedService<CertificateRenewal>();
        services.AddHostedService<ProbeScheduler>();
        services.AddHostedService<CollectorLink>();
        services.AddMemoryTrim();
        return services;
    }

    /// <summary>Creates something that lives in the data folder, turning "cannot use the folder" into an error that
    /// names the setting.</summary>
    private static T InDataPath<T>(IServiceProvider services, Func<AgentOptions, T> create)
    {
        var options = services.GetRequiredService<IOptions<AgentOptions>>().Value;
        try
        {
            return create(options);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AgentConfigurationException($"Agent:DataPath: cannot use {options.DataPath}: {ex.Message}", ex);
        }
    }
}
