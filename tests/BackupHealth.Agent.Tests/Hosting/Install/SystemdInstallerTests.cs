using System.Runtime.Versioning;
using System.Text.Json;
using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.ServiceInstall;
using BackupHealth.Testing;
using NSubstitute;

namespace BackupHealth.Agent.Tests.Hosting.Install;

/// <summary>Install and uninstall as a systemd unit, into a temporary root: real files, real modes, the unit checked
/// by systemd-analyze, systemctl run offline for real; nothing of the machine is touched.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class SystemdInstallerTests : IDisposable
{
    private const string SystemdAnalyze = "/usr/bin/systemd-analyze";
    private const string Unit = "etc/systemd/system/backuphealth-agent.service";
    private const string Config = "etc/backuphealth/agent.json";
    private const string Data = "var/lib/backuphealth-agent";

    private readonly InstallRoot _root = new();
    private readonly RecordingSystemCommands _commands;
    private readonly StringWriter _log = new();

    public SystemdInstallerTests() => _commands = new RecordingSystemCommands(_root.Path);

    public void Dispose() => _root.Dispose();

    private static readonly Dictionary<string, string> Template = new()
    {
        ["Agent:CollectorUrl"] = "https://collector.example:5180",
        ["Agent:Token"] = "bht_site-token",
    };

    private SystemdInstaller Installer() =>
        new(AgentService.Definition, ServiceLayout.Linux(AgentService.Definition) with { Root = _root.Path }, _commands);

    /// <summary>The program the unit starts must exist for systemd-analyze verify; the test host's is at hand.</summary>
    private static string Executable => Environment.ProcessPath!;

    private Task InstallAsync(string? config = null, IReadOnlyDictionary<string, string>? template = null) =>
        Installer().InstallAsync(new InstallRequest(Executable, config, template ?? (config is null ? Template : new Dictionary<string, string>())), _log, CancellationToken.None);

    private Task UninstallAsync(bool purge) => Installer().UninstallAsync(new UninstallRequest(purge), _log, CancellationToken.None);

    [LinuxFact]
    public async Task Install_writes_config_data_and_unit_with_their_owners_and_modes_and_enables_the_unit_offline()
    {
        await InstallAsync();

        Assert.Equal(
        [
            "systemctl --version",
            "useradd --prefix " + _root.Path + " --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin --comment BackupHealth Agent backuphealth-agent",
            $"chown 0:{RecordingSystemCommands.ServiceUid} {_root.Combine(Config)}",
            $"chown -R {RecordingSystemCommands.ServiceUid}:{RecordingSystemCommands.ServiceUid} {_root.Combine(Data)}",
            $"systemctl --root={_root.Path} enable backuphealth-agent.service",
        ], _commands.Calls);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(_root.Combine(Config)));
        using (var config = JsonDocument.Parse(File.ReadAllText(_root.Combine(Config))))
        {
            var agent = config.RootElement.GetProperty("Agent");
            Assert.Equal("https://collector.example:5180", agent.GetProperty("CollectorUrl").GetString());
            Assert.Equal("bht_site-token", agent.GetProperty("Token").GetString());
            Assert.Equal("/var/lib/backuphealth-agent", agent.GetProperty("DataPath").GetString());
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute,
            File.GetUnixFileMode(_root.Combine(Data)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(_root.Combine(Unit)));
        var unit = File.ReadAllLines(_root.Combine(Unit));
        Assert.Contains("Type=notify", unit);
        Assert.Contains($"ExecStart={Executable} run --config /etc/backuphealth/agent.json", unit);
        Assert.Contains("User=backuphealth-agent", unit);
        Assert.Contains("Restart=on-failure", unit);
        Assert.Contains("ProtectSystem=strict", unit);
        Assert.Contains("ProtectHome=yes", unit);
        Assert.Contains("NoNewPrivileges=yes", unit);
        Assert.Contains("PrivateTmp=yes", unit);
        Assert.Contains("CapabilityBoundingSet=", unit);
        Assert.Equal(["ReadWritePaths=/var/lib/backuphealth-agent"], unit.Where(l => l.StartsWith("ReadWritePaths=", StringComparison.Ordinal)));

        // systemctl --root=… enable made the link the boot target pulls the unit in by.
        Assert.Equal("/etc/systemd/system/backuphealth-agent.service",
            new FileInfo(_root.Combine("etc/systemd/system/multi-user.target.wants/backuphealth-agent.service")).LinkTarget);
    }

    [LinuxFact]
    public async Task Installed_unit_passes_systemd_analyze_verify()
    {
        Assert.True(File.Exists(SystemdAnalyze), $"{SystemdAnalyze} is missing: `build.ps1 test` installs it (Debian package systemd)");
        await InstallAsync();

        var result = await new ProcessCommandRunner(TimeProvider.System).RunAsync(
            new CommandSpec(SystemdAnalyze, ["verify", _root.Combine(Unit)], TimeSpan.FromMinutes(1)), CancellationToken.None);

        // verify prints nothing for a good unit; every warning (an unknown key, a bad value) goes to stderr.
        Assert.True(result.ExitCode == 0 && result.StandardError.Length == 0, $"systemd-analyze verify: exit {result.ExitCode}: {result.StandardError}");
    }

    [LinuxFact]
    public async Task Uninstall_with_purge_leaves_the_root_exactly_as_before_install()
    {
        var before = _root.Snapshot();
        var passwd = File.ReadAllText(_root.Combine("etc/passwd"));
        await InstallAsync();
        File.WriteAllText(_root.Combine(Data + "/outbox.db"), "state the service wrote");
        _commands.Calls.Clear();

        await UninstallAsync(purge: true);

        Assert.Equal(before, _root.Snapshot());
        Assert.Equal(passwd, File.ReadAllText(_root.Combine("etc/passwd")));
        Assert.Equal(
        [
            $"systemctl --root={_root.Path} disable backuphealth-agent.service",
            $"userdel --prefix {_root.Path} backuphealth-agent",
        ], _commands.Calls);
    }

    [LinuxFact]
    public async Task Uninstall_without_purge_removes_the_unit_and_keeps_config_data_and_user()
    {
        var before = _root.Snapshot();
        await InstallAsync();
        await UninstallAsync(purge: false);

        var added = _root.Snapshot().Keys.Except(before.Keys).Order(StringComparer.Ordinal);
        Assert.Equal(["etc/backuphealth", Config, Data], added);
        Assert.NotNull(PasswdFile.Find(ServiceLayout.Linux(AgentService.Definition) with { Root = _root.Path }, "backuphealth-agent"));
        Assert.DoesNotContain(_commands.Calls, c => c.StartsWith("userdel", StringComparison.Ordinal));
    }

    [LinuxFact]
    public async Task Reinstall_keeps_the_edited_config_and_the_existing_user()
    {
        await InstallAsync();
        File.WriteAllText(_root.Combine(Config), """{ "Agent": { "Token": "edited" }, "Probes": [ { "Name": "x" } ] }""");
        _commands.Calls.Clear();

        await InstallAsync(template: new Dictionary<string, string>());

        Assert.Contains("edited", File.ReadAllText(_root.Combine(Config)), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(_root.Combine(Config)));
        Assert.DoesNotContain(_commands.Calls, c => c.StartsWith("useradd", StringComparison.Ordinal));
        Assert.Contains("kept    /etc/backuphealth/agent.json", _log.ToString(), StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Install_with_config_installs_that_file_as_it_is()
    {
        using var source = new TempDirectory();
        var file = source.Combine("site.json");
        const string Settings = """{ "Agent": { "CollectorUrl": "https://c.example", "Token": "t" }, "Probes": [] }""";
        File.WriteAllText(file, Settings);

        await InstallAsync(config: file);

        Assert.Equal(Settings, File.ReadAllText(_root.Combine(Config)));
    }

    [LinuxTheory]
    [InlineData("not json", null, "is not valid JSON")]
    [InlineData(null, "Agent:CollectorUrl", "install needs --config FILE or --token")]
    public async Task A_bad_request_is_refused_before_anything_is_changed(string? configText, string? only, string expected)
    {
        using var source = new TempDirectory();
        string? config = null;
        if (configText is not null)
        {
            config = source.Combine("bad.json");
            File.WriteAllText(config, configText);
        }

        var before = _root.Snapshot();
        var template = only is null ? null : Template.Where(t => t.Key == only).ToDictionary();

        var error = await Assert.ThrowsAsync<ServiceInstallException>(() => InstallAsync(config, template));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, _root.Snapshot());
        Assert.Empty(_commands.Calls);
    }

    [LinuxFact]
    public async Task Template_options_are_refused_when_a_config_exists_rather_than_silently_ignored()
    {
        await InstallAsync();

        var error = await Assert.ThrowsAsync<ServiceInstallException>(() => InstallAsync());

        Assert.Contains("/etc/backuphealth/agent.json exists", error.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task A_failing_command_stops_install_with_its_error()
    {
        var commands = Substitute.For<ISystemCommands>();
        commands.RunAsync(Arg.Any<string>(), Arg.Any<IReadOnlyList<string>>(), Arg.Any<CancellationToken>())
            .Returns(new SystemCommandResult(0, "systemd 252 (252.39-1~deb12u2)\n", ""));
        commands.RunAsync("useradd", Arg.Any<IReadOnlyList<string>>(), Arg.Any<CancellationToken>())
            .Returns(new SystemCommandResult(1, "", "useradd: cannot lock /etc/passwd; try again later.\n"));
        var installer = new SystemdInstaller(AgentService.Definition, ServiceLayout.Linux(AgentService.Definition) with { Root = _root.Path }, commands);

        var error = await Assert.ThrowsAsync<ServiceInstallException>(() =>
            installer.InstallAsync(new InstallRequest(Executable, null, Template), _log, CancellationToken.None));

        Assert.EndsWith("exit code 1: useradd: cannot lock /etc/passwd; try again later.", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_root.Combine(Unit)));
    }
}
