using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.Veeam;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackupHealth.Agent.Tests.Probes.Veeam;

public sealed class VeeamProbeSettingsTests
{
    private static Dictionary<string, string?> GoodSettings() => new()
    {
        ["Probes:0:Type"] = "veeam",
        ["Probes:0:Name"] = "vbr-main",
        ["Probes:0:Url"] = "https://vbr01.example.local:9419",
        ["Probes:0:Username"] = @"BACKUP\svc-backuphealth",
        ["Probes:0:Password"] = "from-the-environment",
    };

    private static (ProbeCatalog? Catalog, IReadOnlyList<string> Errors) Load(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        try
        {
            return (ProbeCatalog.Load(configuration.GetSection(ProbeCatalog.SectionName), ProbeRegistry.Default, new ProbeContext(TimeProvider.System, NullLoggerFactory.Instance)), []);
        }
        catch (AgentConfigurationException ex)
        {
            return (null, ex.Errors);
        }
    }

    [Fact]
    public void Good_settings_create_the_probe_with_defaults()
    {
        var (catalog, errors) = Load(GoodSettings());

        Assert.Empty(errors);
        var entry = Assert.Single(catalog!.Probes);
        Assert.IsType<VeeamProbe>(entry.Probe);
        var options = Assert.IsType<VeeamProbeOptions>(entry.Options);
        Assert.Null(options.ApiVersion);
        Assert.Equal(200, options.PageSize);
        Assert.Equal(TimeSpan.FromMinutes(1), options.RequestTimeout);
        Assert.Equal(TimeSpan.FromDays(7), options.Lookback);
        Assert.Equal(new Uri("https://vbr01.example.local:9419/"), options.BaseUri);
        Assert.Empty(options.SessionTypes);
    }

    [Fact]
    public void SessionTypes_bind_from_a_list()
    {
        var settings = GoodSettings();
        settings["Probes:0:SessionTypes:0"] = "BackupJob";
        settings["Probes:0:SessionTypes:1"] = "BackupCopyJob";

        var (catalog, _) = Load(settings);

        Assert.Equal(["BackupJob", "BackupCopyJob"], ((VeeamProbeOptions)catalog!.Probes[0].Options).SessionTypes);
    }

    [Theory]
    [InlineData("Probes:0:Url", "", "Probes:0:Url: The Url field is required.")]
    [InlineData("Probes:0:Url", "vbr01:9419", "Probes:0:Url: must be an absolute https URI")]
    [InlineData("Probes:0:Url", "ftp://vbr01:9419", "Probes:0:Url: must be an absolute https URI")]
    [InlineData("Probes:0:Username", "", "Probes:0:Username: The Username field is required.")]
    [InlineData("Probes:0:Password", "", "Probes:0:Password: is required (or set PasswordFile)")]
    [InlineData("Probes:0:PasswordFile", "/etc/backuphealth/vbr.password", "Probes:0:PasswordFile: set Password or PasswordFile, not both")]
    [InlineData("Probes:0:ApiVersion", "12.2", "Probes:0:ApiVersion: The field ApiVersion must match the regular expression")]
    [InlineData("Probes:0:PageSize", "0", "Probes:0:PageSize: The field PageSize must be between 1 and 10000.")]
    [InlineData("Probes:0:CertificateThumbprint", "12:34", "Probes:0:CertificateThumbprint: must be the certificate's SHA-256")]
    [InlineData("Probes:0:RequestTimeout", "00:00:00", "Probes:0:RequestTimeout: The field RequestTimeout must be between 00:00:01 and 00:10:00.")]
    [InlineData("Probes:0:RequestTimeout", "00:20:00", "Probes:0:RequestTimeout: The field RequestTimeout must be between 00:00:01 and 00:10:00.")]
    [InlineData("Probes:0:Lookback", "400.00:00:00", "Probes:0:Lookback: The field Lookback must be between 00:01:00 and 365.00:00:00.")]
    [InlineData("Probes:0:Lookback", "a week", "Probes:0:Lookback: 'a week' is not a valid TimeSpan")]
    public void Each_bad_setting_stops_start_with_a_message_naming_it(string key, string value, string expected)
    {
        var settings = GoodSettings();
        settings[key] = value;

        var (_, errors) = Load(settings);

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_password_file_that_does_not_exist_is_refused()
    {
        var settings = GoodSettings();
        settings["Probes:0:Password"] = null;
        var missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}");
        settings["Probes:0:PasswordFile"] = missing;

        var (_, errors) = Load(settings);

        Assert.Equal([$"Probes:0:PasswordFile: file {missing} does not exist or cannot be seen by this account"], errors);
    }
}
