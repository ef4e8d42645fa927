using Microsoft.Extensions.Configuration;

namespace BackupHealth.Agent.Hosting;

/// <summary>Where settings come from, later sources winning: appsettings.json beside the program, the
/// <c>--config</c> file, then environment variables (<c>Agent__Token</c>).</summary>
internal static class AgentConfiguration
{
    public const string DefaultsFileName = "appsettings.json";

    /// <exception cref="AgentConfigurationException">The <c>--config</c> file is missing or is not valid JSON.</exception>
    public static void AddSources(IConfigurationBuilder builder, string? configFile)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, DefaultsFileName), optional: true, reloadOnChange: false);
        if (configFile is not null)
        {
            var path = Path.GetFullPath(configFile);
            if (!File.Exists(path))
            {
                throw new AgentConfigurationException($"--config: file {path} does not exist");
            }

            try
            {
                builder.AddJsonFile(path, optional: false, reloadOnChange: false);
            }
            catch (InvalidDataException ex)
            {
                throw new AgentConfigurationException($"--config: {ex.Message} {ex.InnerException?.Message}".TrimEnd());
            }
        }

        builder.AddEnvironmentVariables();
    }
}
