using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.Files;
using BackupHealth.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Tests.Hosting;

public sealed class ConfigurationValidationTests
{
    private static readonly string SharePath = OperatingSystem.IsWindows() ? @"C:\backups" : "/srv/backups";

    private static Dictionary<string, string?> GoodSettings() => new()
    {
        ["Agent:Token"] = "secret",
        ["Agent:DataPath"] = Path.GetTempPath(),
        ["Probes:0:Type"] = "files",
        ["Probes:0:Name"] = "nas-veeam",
        ["Probes:0:Path"] = SharePath,
        ["Probes:0:Pattern"] = "**/*.vbk",
        ["Probes:0:MaxAge"] = "1.02:00:00",
    };

    private static (IReadOnlyList<string> Errors, ServiceProvider Services) Validate(
        Dictionary<string, string?> settings, bool requireToken = true)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance)
            .AddAgentCore(configuration, requireToken)
            .BuildServiceProvider();
        return (ConfigurationErrors.Find(services), services);
    }

    private static IReadOnlyList<string> ErrorsWith(string key, string? value, bool requireToken = true)
    {
        var settings = GoodSettings();
        settings[key] = value;
        var (errors, services) = Validate(settings, requireToken);
        services.Dispose();
        return errors;
    }

    [Fact]
    public void Good_configuration_passes_and_fills_defaults()
    {
        var (errors, services) = Validate(GoodSettings());
        using (services)
        {
            Assert.Empty(errors);
            var agent = services.GetRequiredService<IOptions<AgentOptions>>().Value;
            Assert.Equal(Environment.MachineName, agent.Id);
            Assert.Equal(TimeSpan.FromSeconds(30), agent.HeartbeatInterval);
            Assert.Equal(500, agent.MaxBatchObservations);
            var probe = Assert.Single(services.GetRequiredService<ProbeCatalog>().Probes);
            Assert.IsType<FilesProbe>(probe.Probe);
            Assert.Equal(TimeSpan.FromMinutes(5), probe.Options.Interval);
            Assert.Equal(TimeSpan.FromSeconds(30), probe.Options.EffectiveJitter);
            var files = Assert.IsType<FilesProbeOptions>(probe.Options);
            Assert.Equal(new TimeSpan(1, 2, 0, 0), files.MaxAge);
            Assert.Equal(TimeSpan.FromDays(7), files.Lookback);
        }
    }

    [Fact]
    public void Default_jitter_is_a_tenth_of_a_short_interval()
    {
        var settings = GoodSettings();
        settings["Probes:0:Interval"] = "00:01:00";
        var (errors, services) = Validate(settings);
        using (services)
        {
            Assert.Empty(errors);
            Assert.Equal(TimeSpan.FromSeconds(6), services.GetRequiredService<ProbeCatalog>().Probes[0].Options.EffectiveJitter);
        }
    }

    [Theory]
    [InlineData("Agent:CollectorUrl", "ftp://collector:5180", "Agent:CollectorUrl: must be an absolute http or https URI")]
    [InlineData("Agent:CollectorUrl", "collector:5180/x", "Agent:CollectorUrl: must be an absolute http or https URI")]
    [InlineData("Agent:CollectorUrl", "", "Agent:CollectorUrl: The CollectorUrl field is required.")]
    [InlineData("Agent:MaxBatchObservations", "0", "Agent:MaxBatchObservations: The field MaxBatchObservations must be between 1 and 1000.")]
    [InlineData("Agent:MaxBatchObservations", "1001", "Agent:MaxBatchObservations: The field MaxBatchObservations must be between 1 and 1000.")]
    [InlineData("Agent:MaxInFlightBatches", "0", "Agent:MaxInFlightBatches: The field MaxInFlightBatches must be between 1 and 1000.")]
    [InlineData("Agent:HeartbeatInterval", "00:00:00", "Agent:HeartbeatInterval: The field HeartbeatInterval must be between 00:00:01 and 1.00:00:00.")]
    [InlineData("Agent:HeartbeatInterval", "soon", "Agent:HeartbeatInterval: 'soon' is not a valid TimeSpan (e.g. 00:05:00 or 1.02:00:00)")]
    [InlineData("Agent:ReconnectMinDelay", "00:05:00", "Agent:ReconnectMinDelay: must not be greater than ReconnectMaxDelay (00:01:00)")]
    [InlineData("Agent:TrimMemoryAfter", "-00:00:01", "Agent:TrimMemoryAfter: The field TrimMemoryAfter must be between 00:00:00 and 1.00:00:00.")]
    [InlineData("Agent:TrimMemoryAfter", "2.00:00:00", "Agent:TrimMemoryAfter: The field TrimMemoryAfter must be between 00:00:00 and 1.00:00:00.")]
    [InlineData("Agent:TrimMemoryEvery", "-00:01:00", "Agent:TrimMemoryEvery: The field TrimMemoryEvery must be between 00:00:00 and 1.00:00:00.")]
    [InlineData("Agent:Token", "", "Agent:Token: is required to run")]
    [InlineData("Agent:Proxy", "https://proxy:3128", "Agent:Proxy: must be http://HOST:PORT (credentials go in Agent:ProxyCredentialsFile, not in the URL)")]
    [InlineData("Agent:Proxy", "http://user:secret@proxy:3128", "Agent:Proxy: must be http://HOST:PORT (credentials go in Agent:ProxyCredentialsFile, not in the URL)")]
    [InlineData("Agent:ProxyCredentialsFile", "proxy.credentials", "Agent:ProxyCredentialsFile: needs Agent:Proxy")]
    [InlineData("Probes:0:Path", "", "Probes:0:Path: The Path field is required.")]
    [InlineData("Probes:0:Path", "relative/share", "Probes:0:Path: must be an absolute folder path")]
    [InlineData("Probes:0:Name", "", "Probes:0:Name: The Name field is required.")]
    [InlineData("Probes:0:Type", "filez", "Probes:0:Type: unknown probe type 'filez' (known: ")]
    [InlineData("Probes:0:Type", "", "Probes:0:Type: The Type field is required.")]
    [InlineData("Probes:0:Interval", "00:00:00", "Probes:0:Interval: The field Interval must be between 00:00:01 and 31.00:00:00.")]
    [InlineData("Probes:0:Interval", "5 minutes", "Probes:0:Interval: '5 minutes' is not a valid TimeSpan")]
    [InlineData("Probes:0:Jitter", "01:00:00", "Probes:0:Jitter: must be between 00:00:00 and Interval (00:05:00)")]
    [InlineData("Probes:0:MinSizeBytes", "-1", "Probes:0:MinSizeBytes: must not be negative")]
    [InlineData("Probes:0:MaxAge", "00:00:00", "Probes:0:MaxAge: must be greater than 00:00:00")]
    [InlineData("Probes:0:Lookback", "00:00:10", "Probes:0:Lookback: The field Lookback must be between 00:01:00 and 3650.00:00:00.")]
    [InlineData("Probes:0:Pattern", "/abs/*.vbk", "Probes:0:Pattern: must be relative to Path")]
    public void Each_bad_setting_gives_an_error_naming_it(string key, string value, string expected)
    {
        var errors = ErrorsWith(key, value);

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void An_http_collector_url_is_refused_naming_the_setting_unless_insecure_http_is_allowed()
    {
        var settings = GoodSettings();
        settings["Agent:CollectorUrl"] = "http://collector.example:5180";
        var (refused, services) = Validate(settings);
        services.Dispose();
        settings["Agent:AllowInsecureHttp"] = "true";
        var (allowed, allowedServices) = Validate(settings);
        allowedServices.Dispose();

        var error = Assert.Single(refused);
        Assert.StartsWith("Agent:CollectorUrl: http:// sends the agent token and every report in clear text", error, StringComparison.Ordinal);
        Assert.Contains("Agent:AllowInsecureHttp", error, StringComparison.Ordinal);
        Assert.Empty(allowed);
    }

    [Fact]
    public void An_https_collector_url_and_the_default_need_no_insecure_http()
    {
        Assert.Empty(ErrorsWith("Agent:CollectorUrl", "https://collector.example:5180"));
        Assert.Equal("https://127.0.0.1:5180", new AgentOptions().CollectorUrl);
    }

    [Fact]
    public void A_collector_ca_file_with_a_pem_certificate_is_accepted()
    {
        using var folder = new TempDirectory("bh-ca-file");

        Assert.Empty(ErrorsWith("Agent:CollectorCaFile", TestTls.WriteCa(folder.Path)));
    }

    [Fact]
    public void A_collector_ca_file_that_does_not_exist_is_refused_naming_the_setting()
    {
        using var folder = new TempDirectory("bh-ca-file");
        var missing = folder.Combine("collector-ca.crt");

        Assert.Equal([$"Agent:CollectorCaFile: {missing} does not exist"], ErrorsWith("Agent:CollectorCaFile", missing));
    }

    [Theory]
    [InlineData("not a certificate")]
    [InlineData("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n")]
    public void A_collector_ca_file_that_holds_no_pem_certificate_is_refused_naming_the_setting(string content)
    {
        using var folder = new TempDirectory("bh-ca-file");
        var path = folder.Combine("collector-ca.crt");
        File.WriteAllText(path, content);

        var error = Assert.Single(ErrorsWith("Agent:CollectorCaFile", path));

        Assert.StartsWith($"Agent:CollectorCaFile: {path} cannot be read as PEM certificates", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_is_not_required_for_check()
    {
        Assert.Empty(ErrorsWith("Agent:Token", "", requireToken: false));
    }

    [Fact]
    public void Duplicate_probe_names_are_refused_naming_both()
    {
        var settings = GoodSettings();
        settings["Probes:1:Type"] = "files";
        settings["Probes:1:Name"] = "NAS-veeam";
        settings["Probes:1:Path"] = SharePath;

        var (errors, services) = Validate(settings);
        services.Dispose();

        Assert.Equal(["Probes:1:Name: duplicate probe name 'NAS-veeam' (also Probes:0)"], errors);
    }

    [Fact]
    public void All_problems_are_listed_at_once()
    {
        var settings = GoodSettings();
        settings["Agent:CollectorUrl"] = "nope";
        settings["Probes:0:Path"] = "";
        settings["Probes:1:Type"] = "filez";

        var (errors, services) = Validate(settings);
        services.Dispose();

        Assert.Equal(3, errors.Count);
    }
}
