using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace BackupHealth.Collector.Hosting;

/// <summary><c>--config FILE</c>: a settings file outside the program's folder (the installed service reads
/// /etc/backuphealth/collector.json). It ranks with appsettings.json: environment variables and the command line
/// still override it.</summary>
internal static class CollectorConfigFile
{
    /// <summary>The command-line key <c>--config FILE</c> arrives as.</summary>
    public const string Key = "config";

    /// <exception cref="CollectorStartupException">The file is missing or is not valid JSON.</exception>
    public static void Add(ConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[Key] is not { Length: > 0 } file)
        {
            return;
        }

        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            throw new CollectorStartupException($"--config: file {path} does not exist");
        }

        var source = new JsonConfigurationSource { Path = path, Optional = false, ReloadOnChange = false };
        source.ResolveFileProvider();
        var sources = ((IConfigurationBuilder)configuration).Sources;
        var environment = sources
            .Select((s, index) => (Source: s as EnvironmentVariablesConfigurationSource, Index: index))
            .LastOrDefault(s => s.Source is { Prefix: null or "" });
        try
        {
            sources.Insert(environment.Source is null ? sources.Count : environment.Index, source);
        }
        catch (InvalidDataException ex)
        {
            throw new CollectorStartupException($"--config: {ex.Message} {ex.InnerException?.Message}".TrimEnd(), ex);
        }
    }
}
