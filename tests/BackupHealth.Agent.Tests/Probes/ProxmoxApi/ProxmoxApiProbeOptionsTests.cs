using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.ProxmoxApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Probes.ProxmoxApi;

public sealed class ProxmoxApiProbeOptionsTests
{
    private static Dictionary<string, string?> Good() => new()
    {
        ["Probes:0:Type"] = "proxmox",
        ["Probes:0:Name"] = "pve",
        ["Probes:0:Url"] = "https://pve1.example.local:8006/",
        ["Probes:0:TokenId"] = "backuphealth@pve!monitor",
        ["Probes:0:Secret"] = "6f1c1f2e-0d4b-4b53-9a43-5b3c0c7d2e11",
    };

    private static ProbeCatalog Load(Dictionary<string, string?> settings) =>
        ProbeCatalog.Load(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Probes"), ProbeRegistry.Default,
            new ProbeContext(new FakeTimeProvider(), NullLoggerFactory.Instance));

    [Fact]
    public void Good_settings_create_the_probe()
    {
        var entry = Assert.Single(Load(Good()).Probes);

        using var probe = Assert.IsType<ProxmoxApiProbe>(entry.Probe);
        var options = Assert.IsType<ProxmoxApiProbeOptions>(entry.Options);
        Assert.Equal((500, TimeSpan.FromSeconds(60)), (options.PageSize, options.RequestTimeout));
        Assert.Empty(options.Nodes);
    }

    [Theory]
    [InlineData("Probes:0:Url", "pve1:8006", "Probes:0:Url: must be an absolute https URL of a cluster node")]
    [InlineData("Probes:0:TokenId", "", "Probes:0:TokenId: The TokenId field is required.")]
    [InlineData("Probes:0:TokenId", "backuphealth@pve", "Probes:0:TokenId: must be the token's full id, user@realm!tokenname")]
    [InlineData("Probes:0:Secret", "", "Probes:0:Secret: is required (or set SecretFile)")]
    [InlineData("Probes:0:SecretFile", "/etc/pve-secret", "Probes:0:SecretFile: set Secret or SecretFile, not both")]
    [InlineData("Probes:0:CertificateThumbprint", "zz", "Probes:0:CertificateThumbprint: must be the certificate's SHA-256")]
    [InlineData("Probes:0:TimeZone", "Mars/Olympus", "Probes:0:TimeZone: 'Mars/Olympus' is not a time zone")]
    [InlineData("Probes:0:Nodes:0", "pve 1", "Probes:0:Nodes:0: must be a node name")]
    [InlineData("Probes:0:PageSize", "0", "Probes:0:PageSize: The field PageSize must be between")]
    public void Each_bad_setting_is_named(string key, string value, string expected)
    {
        var settings = Good();
        settings[key] = value;

        var error = Assert.Throws<AgentConfigurationException>(() => Load(settings));

        Assert.Contains(error.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }
}
