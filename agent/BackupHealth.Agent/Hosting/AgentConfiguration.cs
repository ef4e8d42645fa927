using Microsoft.Extensions.Configuration;

namespace BackupHealth.Agent.Hosting;

/// <summary>Where settings come from, later sources winning: appsettings.json beside the program, the settings
/// enrolment wrote (<c>identity/enrolment.json</c> in the data folder), the <c>--config</c> file, then environment
/// variables (<c>Agent__Token</c>).</summary>
internal static class AgentConfiguration
{
    public const string DefaultsFileName = "appsettings.json";

    /// <exception cref="AgentConfigurationException">The <c>--config</c> file is missing or is not valid JSON.</exception>
    public static void AddSources(IConfigurationBuilder builder, string? configFile)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var defaults = builder.Sources.Count;
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
        AddEnrolmentSettings(builder, defaults + 1);
    }

    /// <summary>Enrolment's settings go just above the defaults, so that whatever an operator set explicitly wins. The
    /// data folder they live in is itself a setting, read from the other sources first.</summary>
    private static void AddEnrolmentSettings(IConfigurationBuilder builder, int index)
    {
        var dataPath = builder.Build()[$"{AgentOptions.SectionName}:{nameof(AgentOptions.DataPath)}"];
        var file = new Enrolment.AgentIdentity(string.IsNullOrWhiteSpace(dataPath) ? AgentDefaults.DefaultDataPath() : dataPath).SettingsFile;
        builder.AddJsonFile(file, optional: true, reloadOnChange: false);
        var source = builder.Sources[^1];
        builder.Sources.RemoveAt(builder.Sources.Count - 1);
        builder.Sources.Insert(index, source);
    }
}
