using BackupHealth.Agent.Outbox;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Telemetry;
using BackupHealth.Agent.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Hosting;

/// <summary><c>run</c>: the agent as a service. Bad configuration ends it at start with exit code 2 and
/// <c>error: &lt;setting&gt;: &lt;problem&gt;</c> lines on stderr.</summary>
internal static class RunVerb
{
    public static async Task<int> RunAsync(AgentCommandLine commandLine, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var builder = AgentHostFactory.CreateBuilder(commandLine);
            builder.Services.AddAgentRun();
            builder.Services.AddAgentTelemetry(builder.Configuration);

            // Each is a no-op unless the process was started by systemd or the Windows service manager.
            builder.Services.AddSystemd();
            builder.Services.AddWindowsService(service => service.ServiceName = "BackupHealthAgent");
            using var host = builder.Build();
            var errors = ConfigurationErrors.Find(host.Services);
            if (errors.Count > 0)
            {
                return Fail(stderr, errors);
            }

            LogStart(host.Services);

            // Opened before the host starts so that an unusable data folder is one clear error line, not a host crash.
            _ = host.Services.GetRequiredService<ObservationOutbox>();
            _ = host.Services.GetRequiredService<SeenObservationIds>();
            await host.RunAsync();
            return 0;
        }
        catch (AgentConfigurationException ex)
        {
            return Fail(stderr, ex.Errors);
        }
    }

    private static void LogStart(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<AgentOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("BackupHealth.Agent");
        Log.AgentStarting(logger, options.Id, AgentHello.Version, options.CollectorUrl, options.DataPath,
            services.GetRequiredService<ProbeCatalog>().Probes.Count);
    }

    private static int Fail(TextWriter stderr, IEnumerable<string> errors)
    {
        foreach (var error in errors)
        {
            stderr.WriteLine($"error: {error}");
        }

        return 2;
    }
}
