using BackupHealth.Agent.Hosting;
using BackupHealth.ServiceInstall;

namespace BackupHealth.Agent.Tests.Hosting.Install;

public sealed class SystemdUnitTests
{
    private static readonly ServiceLayout Layout = ServiceLayout.Linux(AgentService.Definition);

    [Theory]
    [InlineData(252, false)]
    [InlineData(254, true)]
    [InlineData(0, false)]
    public void Growing_restart_delay_is_written_only_for_systemd_versions_that_know_it(int version, bool growing)
    {
        var unit = SystemdUnit.Render(AgentService.Definition, Layout, "/opt/backuphealth/backuphealth-agent", version).Split('\n');

        Assert.Equal(growing, unit.Contains("RestartSteps=6"));
        Assert.Equal(growing, unit.Contains("RestartMaxDelaySec=5min"));
        Assert.Contains("RestartSec=5s", unit);
    }

    [Fact]
    public void A_program_path_with_spaces_or_specifiers_is_quoted_for_systemd()
    {
        var unit = SystemdUnit.Render(AgentService.Definition, Layout, "/opt/back up/100%/agent", 252);

        Assert.Contains("ExecStart=\"/opt/back up/100%%/agent\" run --config /etc/backuphealth/agent.json\n", unit, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("systemd 252 (252.39-1~deb12u2)\n+PAM +AUDIT", 252)]
    [InlineData("systemd 255 (255.4-1ubuntu8)", 255)]
    [InlineData("", 0)]
    [InlineData("bash: systemctl: not found", 0)]
    public void The_systemd_version_is_read_from_systemctl_version(string output, int expected) =>
        Assert.Equal(expected, SystemdUnit.ParseVersion(output));
}
