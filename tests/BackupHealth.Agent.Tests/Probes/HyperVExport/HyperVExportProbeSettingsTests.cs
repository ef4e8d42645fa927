using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.HyperVExport;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Probes.HyperVExport;

public sealed class HyperVExportProbeSettingsTests : IDisposable
{
    private readonly TempDirectory _root = new("hyperv");

    public void Dispose() => _root.Dispose();

    private static IReadOnlyList<string> Errors(ProbeRegistry registry, Dictionary<string, string?> settings, out ProbeCatalog? catalog)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        try
        {
            catalog = ProbeCatalog.Load(configuration.GetSection("Probes"), registry, new ProbeContext(new FakeTimeProvider(), NullLoggerFactory.Instance));
            return [];
        }
        catch (AgentConfigurationException ex)
        {
            catalog = null;
            return ex.Errors;
        }
    }

    [Fact]
    public void Defaults_bind_and_bad_settings_stop_the_start_naming_each()
    {
        var good = Errors(ProbeRegistry.Default, new() { ["Probes:0:Type"] = "hyperv-export", ["Probes:0:Name"] = "hv", ["Probes:0:Path"] = _root.Path }, out var catalog);
        var bad = Errors(ProbeRegistry.Default, new()
        {
            ["Probes:0:Type"] = "hyperv-export",
            ["Probes:0:Name"] = "hv",
            ["Probes:0:Path"] = "exports",
            ["Probes:0:Depth"] = "0",
            ["Probes:0:MinDiskBytes"] = "-1",
            ["Probes:0:MaxAge"] = "00:00:00",
        }, out _);

        Assert.Empty(good);
        var options = Assert.IsType<HyperVExportProbeOptions>(catalog!.Probes[0].Options);
        Assert.Equal(1, options.Depth);
        Assert.Equal(TimeSpan.FromMinutes(10), options.SettleTime);
        Assert.Equal(OperatingSystem.IsWindows(), options.EffectiveIncludeInventory);
        Assert.Equal(
            [
                "Probes:0:Depth: The field Depth must be between 1 and 5.",
                "Probes:0:MaxAge: must be greater than 00:00:00 (leave it out to disable the staleness check)",
                "Probes:0:MinDiskBytes: must not be negative",
                "Probes:0:Path: must be an absolute folder path",
            ],
            bad.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Asking_for_the_inventory_off_Windows_stops_the_start_naming_IncludeInventory()
    {
        var errors = Errors(ProbeRegistry.Default, new()
        {
            ["Probes:0:Type"] = "hyperv-export",
            ["Probes:0:Name"] = "hv",
            ["Probes:0:Path"] = _root.Path,
            ["Probes:0:IncludeInventory"] = "true",
        }, out _);

        if (OperatingSystem.IsWindows())
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Equal(
                ["Probes:0:IncludeInventory: the Hyper-V inventory is read through WMI on the Hyper-V host and only on Windows; leave it out or set false"],
                errors);
        }
    }

    [Fact]
    public async Task Through_the_registration_seam_the_inventory_is_not_asked_for_when_IncludeInventory_is_off()
    {
        var inventory = new RecordedInventory(new HyperVVm("DC01", "9A3C2F3E-5B1D-4E7F-8A90-1B2C3D4E5F60", 3));
        var registry = new ProbeRegistry([HyperVExportProbeRegistration.For(inventory)]);
        var settings = new Dictionary<string, string?> { ["Probes:0:Type"] = "hyperv-export", ["Probes:0:Name"] = "hv", ["Probes:0:Path"] = _root.Path, ["Probes:0:IncludeInventory"] = "false" };

        Assert.Empty(Errors(registry, settings, out var catalog));
        var result = await catalog!.Probes[0].Probe.RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.Null(result.Inventory);
        Assert.Equal(0, inventory.Reads);
    }
}
