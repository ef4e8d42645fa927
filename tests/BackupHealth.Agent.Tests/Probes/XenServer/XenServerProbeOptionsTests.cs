using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.XenServer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Probes.XenServer;

public sealed class XenServerProbeOptionsTests
{
    private static Dictionary<string, string?> Good() => new()
    {
        ["Probes:0:Type"] = "xenserver",
        ["Probes:0:Name"] = "xen",
        ["Probes:0:Url"] = "https://xen01.example.local/",
        ["Probes:0:Username"] = "root",
        ["Probes:0:Password"] = "secret",
    };

    private static ProbeCatalog Load(Dictionary<string, string?> settings) =>
        ProbeCatalog.Load(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Probes"), ProbeRegistry.Default,
            new ProbeContext(new FakeTimeProvider(), NullLoggerFactory.Instance));

    [Fact]
    public async Task Good_settings_create_the_probe()
    {
        var entry = Assert.Single(Load(Good()).Probes);

        await using var probe = Assert.IsType<XenServerProbe>(entry.Probe);
        Assert.Equal(TimeSpan.FromSeconds(60), Assert.IsType<XenServerProbeOptions>(entry.Options).RequestTimeout);
    }

    [Theory]
    [InlineData("Probes:0:Url", "", "Probes:0:Url: The Url field is required.")]
    [InlineData("Probes:0:Url", "xen01", "Probes:0:Url: must be an absolute https URL of the pool master")]
    [InlineData("Probes:0:Username", "", "Probes:0:Username: The Username field is required.")]
    [InlineData("Probes:0:Password", "", "Probes:0:Password: is required (or set PasswordFile)")]
    [InlineData("Probes:0:CertificateThumbprint", "not-hex", "Probes:0:CertificateThumbprint: must be the certificate's SHA-256")]
    [InlineData("Probes:0:RequestTimeout", "01:00:00", "Probes:0:RequestTimeout: The field RequestTimeout must be between")]
    public void Each_bad_setting_is_named(string key, string value, string expected)
    {
        var settings = Good();
        settings[key] = value;

        var error = Assert.Throws<AgentConfigurationException>(() => Load(settings));

        Assert.Contains(error.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }
}
