using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;
using BackupHealth.Collector.Store.Sqlite.Connections;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Tests.Rules;

public sealed class AlertRulesRegistrationTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(new SqliteConnectionFactory("unused.db"));
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Collector.Ingest.ObservationQuota>();
        services.AddSingleton<IFloodWatch>(sp => sp.GetRequiredService<Collector.Ingest.ObservationQuota>());
        services.AddAlertRules(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Registers_every_rule_once()
    {
        using var services = Services([]);

        var ids = services.GetServices<IAlertRule>().Select(r => r.Id).ToList();

        Assert.Equal(
            ["agent_flooding", "agent_silent", "duration_anomaly", "job_disabled", "job_disappeared", "job_failed", "job_missed", "probe_error",
             "probe_stalled", "size_anomaly", "verification_failed", "vm_not_protected", "warnings_repeat"],
            ids.Order());
    }

    [Fact]
    public void Options_bind_from_their_keys()
    {
        using var services = Services(new()
        {
            ["Collector:Alerts:DefaultInterval"] = "12:00:00",
            ["Collector:Alerts:DefaultGrace"] = "00:45:00",
            ["Collector:Alerts:AgentSilentAfter"] = "00:15:00",
            ["Collector:Alerts:Rules:WarningsRepeat:Count"] = "5",
            ["Collector:Alerts:Rules:SizeAnomaly:BelowPercent"] = "70",
            ["Collector:Alerts:Rules:DurationAnomaly:MinMedian"] = "00:10:00",
            ["Collector:Alerts:Rules:ProbeError:Failures"] = "6",
            ["Collector:Alerts:Rules:JobDisabled:Enabled"] = "false",
            ["Collector:Alerts:Rules:VmNotProtected:PoweredOnOnly"] = "false",
            ["Collector:Alerts:Rules:VmNotProtected:NewVmGrace"] = "04:00:00",
            ["Collector:Alerts:Rules:VmNotProtected:Severity"] = "Critical",
        });

        var defaults = services.GetRequiredService<IOptions<ExpectationOptions>>().Value;
        Assert.Equal((TimeSpan.FromHours(12), TimeSpan.FromMinutes(45)), (defaults.DefaultInterval, defaults.DefaultGrace));
        Assert.Equal(TimeSpan.FromMinutes(15), services.GetRequiredService<IOptions<AgentSilentOptions>>().Value.AgentSilentAfter);
        Assert.Equal(5, services.GetRequiredService<IOptions<WarningsRepeatOptions>>().Value.Count);
        Assert.Equal(70, services.GetRequiredService<IOptions<SizeAnomalyOptions>>().Value.BelowPercent);
        Assert.Equal(TimeSpan.FromMinutes(10), services.GetRequiredService<IOptions<DurationAnomalyOptions>>().Value.MinMedian);
        Assert.Equal(6, services.GetRequiredService<IOptions<ProbeErrorOptions>>().Value.Failures);
        Assert.False(services.GetRequiredService<IOptions<JobDisabledOptions>>().Value.Enabled);
        var vm = services.GetRequiredService<IOptions<VmNotProtectedOptions>>().Value;
        Assert.Equal((false, TimeSpan.FromHours(4), AlertSeverity.Critical), (vm.PoweredOnOnly, vm.NewVmGrace, vm.Severity));
    }

    [Fact]
    public void A_bad_setting_says_the_allowed_range()
    {
        using var services = Services(new() { ["Collector:Alerts:Rules:WarningsRepeat:Count"] = "0" });

        Assert.Equal(["Collector:Alerts:Rules:WarningsRepeat:Count: The field WarningsRepeatOptions.Count must be between 1 and 100."], ValidationFailures(services));
    }

    [Theory]
    [InlineData("Collector:Alerts:DefaultInterval", "00:00:10")]
    [InlineData("Collector:Alerts:DefaultGrace", "40.00:00:00")]
    [InlineData("Collector:Alerts:AgentSilentAfter", "00:00:30")]
    [InlineData("Collector:Alerts:Rules:WarningsRepeat:Count", "0")]
    [InlineData("Collector:Alerts:Rules:SizeAnomaly:BelowPercent", "100")]
    [InlineData("Collector:Alerts:Rules:SizeAnomaly:AbovePercent", "50")]
    [InlineData("Collector:Alerts:Rules:DurationAnomaly:MinHistory", "1")]
    [InlineData("Collector:Alerts:Rules:ProbeError:Failures", "0")]
    [InlineData("Collector:Alerts:Rules:VmNotProtected:NewVmGrace", "-00:01:00")]
    [InlineData("Collector:Alerts:Rules:VmNotProtected:Severity", "7")]
    public void A_bad_setting_is_named_in_the_error(string key, string value)
    {
        using var services = Services(new() { [key] = value });

        var failure = Assert.Single(ValidationFailures(services));
        Assert.StartsWith(key + ": ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_rule_config_stops_the_collector_at_start_naming_the_setting()
    {
        using var data = new TempDirectory();
        var (app, _, _) = TestCollector.Build(data, s => s["Collector:Alerts:Rules:WarningsRepeat:Count"] = "0");
        await using var _ = app;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith("Collector:Alerts:Rules:WarningsRepeat:Count: ", StringComparison.Ordinal));
    }

    private static List<string> ValidationFailures(ServiceProvider services)
    {
        var failures = new List<string>();
        Collect<ExpectationOptions>(services, failures);
        Collect<AgentSilentOptions>(services, failures);
        Collect<WarningsRepeatOptions>(services, failures);
        Collect<SizeAnomalyOptions>(services, failures);
        Collect<DurationAnomalyOptions>(services, failures);
        Collect<ProbeErrorOptions>(services, failures);
        Collect<VmNotProtectedOptions>(services, failures);
        return failures;
    }

    private static void Collect<T>(ServiceProvider services, List<string> failures) where T : class
    {
        try
        {
            _ = services.GetRequiredService<IOptions<T>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            failures.AddRange(ex.Failures);
        }
    }
}
