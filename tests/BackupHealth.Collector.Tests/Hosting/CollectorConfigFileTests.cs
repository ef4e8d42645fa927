using BackupHealth.Collector.Hosting;
using BackupHealth.Testing;

namespace BackupHealth.Collector.Tests.Hosting;

/// <summary><c>--config FILE</c>, which the installed service starts with.</summary>
public sealed class CollectorConfigFileTests
{
    [Fact]
    public void Settings_come_from_the_config_file_and_the_command_line_still_overrides_them()
    {
        using var folder = new TempDirectory();
        var file = folder.Combine("collector.json");
        File.WriteAllText(file, """{ "Collector": { "DataPath": "/var/lib/backuphealth-collector", "WebUrl": "http://0.0.0.0:5080" } }""");

        var builder = CollectorHost.CreateBuilder(["--config", file, "--Collector:WebUrl=http://127.0.0.1:6080"]);

        Assert.Equal("/var/lib/backuphealth-collector", builder.Configuration["Collector:DataPath"]);
        Assert.Equal("http://127.0.0.1:6080", builder.Configuration["Collector:WebUrl"]);
    }

    [Fact]
    public void A_missing_config_file_stops_the_collector_naming_the_option()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.json");

        var error = Assert.Throws<CollectorStartupException>(() => CollectorHost.CreateBuilder(["--config", missing]));

        Assert.Equal($"--config: file {missing} does not exist", error.Message);
    }

    [Fact]
    public void A_config_file_that_is_not_json_stops_the_collector_naming_the_option()
    {
        using var folder = new TempDirectory();
        var file = folder.Combine("collector.json");
        File.WriteAllText(file, "{ not json");

        var error = Assert.Throws<CollectorStartupException>(() => CollectorHost.CreateBuilder(["--config", file]));

        Assert.StartsWith("--config: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }
}
