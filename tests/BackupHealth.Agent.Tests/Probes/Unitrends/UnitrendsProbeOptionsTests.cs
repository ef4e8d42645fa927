using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.Unitrends;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Probes.Unitrends;

public sealed class UnitrendsProbeOptionsTests
{
    private static Dictionary<string, string?> Good() => new()
    {
        ["Probes:0:Type"] = "unitrends",
        ["Probes:0:Name"] = "ueb",
        ["Probes:0:Url"] = "https://ueb01.example.local/",
        ["Probes:0:Username"] = "backuphealth",
        ["Probes:0:Password"] = "secret",
    };

    private static IReadOnlyList<string> Errors(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        try
        {
            var catalog = ProbeCatalog.Load(configuration.GetSection("Probes"), ProbeRegistry.Default, new ProbeContext(new FakeTimeProvider(), NullLoggerFactory.Instance));
            foreach (var probe in catalog.Probes.Select(p => p.Probe).OfType<IDisposable>())
            {
                probe.Dispose();
            }

            return [];
        }
        catch (AgentConfigurationException ex)
        {
            return ex.Errors;
        }
    }

    [Fact]
    public void Good_settings_create_the_probe_with_defaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Good()).Build();

        var entry = Assert.Single(ProbeCatalog.Load(configuration.GetSection("Probes"), ProbeRegistry.Default,
            new ProbeContext(new FakeTimeProvider(), NullLoggerFactory.Instance)).Probes);

        using var probe = Assert.IsType<UnitrendsProbe>(entry.Probe);
        var options = Assert.IsType<UnitrendsProbeOptions>(entry.Options);
        Assert.Equal(500, options.PageSize);
        Assert.Equal(TimeSpan.FromDays(7), options.Lookback);
        Assert.Equal(TimeSpan.FromSeconds(60), options.RequestTimeout);
    }

    [Theory]
    [InlineData("Probes:0:Url", "", "Probes:0:Url: The Url field is required.")]
    [InlineData("Probes:0:Url", "ueb01", "Probes:0:Url: must be an absolute https URL")]
    [InlineData("Probes:0:Url", "ftp://ueb01/", "Probes:0:Url: must be an absolute https URL")]
    [InlineData("Probes:0:Username", "", "Probes:0:Username: The Username field is required.")]
    [InlineData("Probes:0:Password", "", "Probes:0:Password: is required (or set PasswordFile)")]
    [InlineData("Probes:0:PasswordFile", "relative/pw", "Probes:0:PasswordFile: set Password or PasswordFile, not both")]
    [InlineData("Probes:0:CertificateThumbprint", "12:34", "Probes:0:CertificateThumbprint: must be the certificate's SHA-256")]
    [InlineData("Probes:0:PageSize", "0", "Probes:0:PageSize: The field PageSize must be between 1 and 100000.")]
    [InlineData("Probes:0:RequestTimeout", "00:00:00", "Probes:0:RequestTimeout: The field RequestTimeout must be between")]
    [InlineData("Probes:0:Lookback", "soon", "Probes:0:Lookback: 'soon' is not a valid TimeSpan")]
    [InlineData("Probes:0:TimeZone", "Mars/Olympus", "Probes:0:TimeZone: 'Mars/Olympus' is not a time zone known to this system")]
    public void Each_bad_setting_is_named(string key, string value, string expected)
    {
        var settings = Good();
        settings[key] = value;

        Assert.Contains(Errors(settings), e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_password_file_must_be_absolute_and_exist()
    {
        var settings = Good();
        settings["Probes:0:Password"] = "";
        settings["Probes:0:PasswordFile"] = "relative/pw";
        var relative = Errors(settings);
        settings["Probes:0:PasswordFile"] = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "pw");
        var missing = Errors(settings);

        Assert.Contains("Probes:0:PasswordFile: must be an absolute file path", relative);
        Assert.Contains(missing, e => e.StartsWith("Probes:0:PasswordFile: file ", StringComparison.Ordinal) && e.EndsWith("does not exist or cannot be seen by this account", StringComparison.Ordinal));
    }
}
