using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Transport;
using NSubstitute;

namespace BackupHealth.Agent.Tests.Transport;

public sealed class AgentHelloTests
{
    [Fact]
    public void Null_arguments_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => AgentHello.Create(null!, new ProbeCatalog([]), DateTimeOffset.UnixEpoch));
        Assert.Throws<ArgumentNullException>(() => AgentHello.Create(new AgentOptions { Id = "a" }, null!, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void The_version_is_the_build_s_informational_version()
    {
        Assert.False(string.IsNullOrEmpty(AgentHello.Version));
        Assert.NotEqual("0.0.0", AgentHello.Version);
    }

    [Fact]
    public void The_hello_names_the_agent_and_each_configured_probe_with_its_type_and_interval()
    {
        var probe = Substitute.For<IProbe>();
        probe.Name.Returns("nas");
        probe.Type.Returns("files");
        var catalog = new ProbeCatalog([new ProbeEntry(probe, new ProbeOptions { Name = "nas", Type = "files", Interval = TimeSpan.FromMinutes(15) })]);
        var now = new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

        var hello = AgentHello.Create(new AgentOptions { Id = "hv01" }, catalog, now);

        Assert.Equal(("hv01", AgentHello.Version, Environment.MachineName, now), (hello.AgentId, hello.AgentVersion, hello.HostName, hello.AgentTime.ToDateTimeOffset()));
        var configured = Assert.Single(hello.Probes);
        Assert.Equal(("nas", "files", TimeSpan.FromMinutes(15)), (configured.Name, configured.Type, configured.Interval.ToTimeSpan()));
    }
}
