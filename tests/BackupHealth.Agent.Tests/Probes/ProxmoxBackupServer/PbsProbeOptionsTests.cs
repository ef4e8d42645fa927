using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.ProxmoxBackupServer;
using BackupHealth.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Probes.ProxmoxBackupServer;

public sealed class PbsProbeOptionsTests
{
    private static Dictionary<string, string?> Good() => new()
    {
        ["Probes:0:Type"] = "pbs",
        ["Probes:0:Name"] = "pbs1",
        ["Probes:0:Url"] = "https://pbs1.example.local:8007/",
        ["Probes:0:TokenId"] = "backuphealth@pbs!monitor",
        ["Probes:0:Secret"] = "0b7e7c54-3f0e-4c1c-9a1e-2b7f6f1d9c33",
    };

    private static ProbeCatalog Load(Dictionary<string, string?> settings) =>
        ProbeCatalog.Load(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Probes"), ProbeRegistry.Default,
            new ProbeContext(new FakeTimeProvider(), NullLoggerFactory.Instance));

    [Fact]
    public void Good_settings_with_a_secret_file_create_the_probe()
    {
        using var folder = new TempDirectory();
        var file = folder.Combine("pbs.secret");
        File.WriteAllText(file, "0b7e7c54-3f0e-4c1c-9a1e-2b7f6f1d9c33\n");
        var settings = Good();
        settings["Probes:0:Secret"] = null;
        settings["Probes:0:SecretFile"] = file;
        settings["Probes:0:Datastores:0"] = "main";

        var entry = Assert.Single(Load(settings).Probes);

        using var probe = Assert.IsType<ProxmoxBackupServerProbe>(entry.Probe);
        var options = Assert.IsType<ProxmoxBackupServerProbeOptions>(entry.Options);
        Assert.Equal(["main"], options.Datastores);
        Assert.Equal("0b7e7c54-3f0e-4c1c-9a1e-2b7f6f1d9c33", options.ReadSecret());
    }

    [Theory]
    [InlineData("Probes:0:Url", "", "Probes:0:Url: The Url field is required.")]
    [InlineData("Probes:0:Url", "ftp://pbs1/", "Probes:0:Url: must be an absolute https URL of the backup server")]
    [InlineData("Probes:0:TokenId", "monitor", "Probes:0:TokenId: must be the token's full id")]
    [InlineData("Probes:0:TokenId", "backuphealth@pbs!monitor:secret", "Probes:0:TokenId: must be the token's full id")]
    [InlineData("Probes:0:SecretFile", "relative.secret", "Probes:0:SecretFile: set Secret or SecretFile, not both")]
    [InlineData("Probes:0:Datastores:0", "main store", "Probes:0:Datastores:0: must be a datastore name")]
    [InlineData("Probes:0:RequestTimeout", "00:00:00.500", "Probes:0:RequestTimeout: The field RequestTimeout must be between")]
    public void Each_bad_setting_is_named(string key, string value, string expected)
    {
        var settings = Good();
        settings[key] = value;

        var error = Assert.Throws<AgentConfigurationException>(() => Load(settings));

        Assert.Contains(error.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_relative_or_missing_secret_file_is_named()
    {
        var relative = Good();
        relative["Probes:0:Secret"] = null;
        relative["Probes:0:SecretFile"] = "pbs.secret";
        var missing = Good();
        missing["Probes:0:Secret"] = null;
        missing["Probes:0:SecretFile"] = "/nonexistent/pbs.secret";

        Assert.Contains(Assert.Throws<AgentConfigurationException>(() => Load(relative)).Errors,
            e => e.StartsWith("Probes:0:SecretFile: must be an absolute file path", StringComparison.Ordinal));
        Assert.Contains(Assert.Throws<AgentConfigurationException>(() => Load(missing)).Errors,
            e => e.StartsWith("Probes:0:SecretFile: file /nonexistent/pbs.secret does not exist", StringComparison.Ordinal));
    }
}
