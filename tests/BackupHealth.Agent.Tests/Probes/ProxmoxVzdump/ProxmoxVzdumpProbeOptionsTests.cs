using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.ProxmoxVzdump;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Probes.ProxmoxVzdump;

public sealed class ProxmoxVzdumpProbeOptionsTests
{
    private static Dictionary<string, string?> Good() => new()
    {
        ["Probes:0:Type"] = "proxmox-vzdump",
        ["Probes:0:Name"] = "pve1",
    };

    private static ProbeCatalog Load(Dictionary<string, string?> settings) =>
        ProbeCatalog.Load(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Probes"), ProbeRegistry.Default,
            new ProbeContext(new FakeTimeProvider(), NullLoggerFactory.Instance));

    [Fact]
    public void Defaults_read_the_nodes_own_task_folder_in_its_own_time_zone()
    {
        var entry = Assert.Single(Load(Good()).Probes);

        Assert.IsType<ProxmoxVzdumpProbe>(entry.Probe);
        var options = Assert.IsType<ProxmoxVzdumpProbeOptions>(entry.Options);
        Assert.Equal("/var/log/pve/tasks", options.TasksPath);
        Assert.Equal(TimeSpan.FromDays(7), options.Lookback);
        Assert.Equal(TimeZoneInfo.Local, options.HostTimeZone());
    }

    [Theory]
    [InlineData("Probes:0:TasksPath", "", "Probes:0:TasksPath: The TasksPath field is required.")]
    [InlineData("Probes:0:TasksPath", "var/log/pve/tasks", "Probes:0:TasksPath: must be an absolute folder path")]
    [InlineData("Probes:0:DumpPath", "dump", "Probes:0:DumpPath: must be an absolute folder path")]
    [InlineData("Probes:0:TimeZone", "Mars/Olympus", "Probes:0:TimeZone: 'Mars/Olympus' is not a time zone")]
    [InlineData("Probes:0:Lookback", "00:10:00", "Probes:0:Lookback: The field Lookback must be between")]
    public void Each_bad_setting_is_named(string key, string value, string expected)
    {
        var settings = Good();
        settings[key] = value;

        var error = Assert.Throws<AgentConfigurationException>(() => Load(settings));

        Assert.Contains(error.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }
}
