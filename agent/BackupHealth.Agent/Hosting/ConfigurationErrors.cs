using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Hosting;

/// <summary>Validates all settings up front and lists every problem at once, so an operator fixes the file in one
/// go instead of one error per start.</summary>
internal static class ConfigurationErrors
{
    public static IReadOnlyList<string> Find(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var errors = new List<string>();
        try
        {
            _ = services.GetRequiredService<IOptions<AgentOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            errors.AddRange(ex.Failures);
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key it could not convert, e.g. "Failed to convert configuration value at 'Agent:HeartbeatInterval'".
            errors.Add(SettingErrors.FromBinder(ex));
        }

        try
        {
            // Registered by run only.
            _ = services.GetService<IOptions<AgentTelemetryOptions>>()?.Value;
        }
        catch (OptionsValidationException ex)
        {
            errors.AddRange(ex.Failures);
        }

        try
        {
            _ = services.GetRequiredService<ProbeCatalog>();
        }
        catch (AgentConfigurationException ex)
        {
            errors.AddRange(ex.Errors);
        }

        return errors;
    }
}
