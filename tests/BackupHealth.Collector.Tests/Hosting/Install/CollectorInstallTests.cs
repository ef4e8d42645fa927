using System.Runtime.Versioning;
using System.Text.Json;
using BackupHealth.Collector.Hosting;
using BackupHealth.ServiceInstall;
using BackupHealth.Testing;
using NSubstitute;

namespace BackupHealth.Collector.Tests.Hosting.Install;

/// <summary>The collector installed as a systemd unit into a temporary root (the installer code is the agent's;
/// these tests pin what is the collector's own: names, the configuration template, the command line), and as a
/// Windows service through the SCM seam.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class CollectorInstallTests : IDisposable
{
    private const string Unit = "etc/systemd/system/backuphealth-collector.service";
    private const string Config = "etc/backuphealth/collector.json";

    private readonly TempDirectory _root = new("bh-root");
    private readonly RecordingSystemCommands _commands;
    private readonly StringWriter _log = new();

    public CollectorInstallTests()
    {
        Directory.CreateDirectory(_root.Combine("etc", "systemd", "system"));
        Directory.CreateDirectory(_root.Combine("var", "lib"));
        File.WriteAllText(_root.Combine("etc", "passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        _commands = new RecordingSystemCommands(_root.Path);
    }

    public void Dispose() => _root.Dispose();

    private SystemdInstaller Installer() =>
        new(CollectorService.Definition, ServiceLayout.Linux(CollectorService.Definition) with { Root = _root.Path }, _commands);

    private SortedSet<string> Entries() => new(
        Directory.EnumerateFileSystemEntries(_root.Path, "*", SearchOption.AllDirectories).Select(e => Path.GetRelativePath(_root.Path, e)),
        StringComparer.Ordinal);

    [LinuxFact]
    public async Task Install_writes_a_unit_that_starts_the_collector_with_its_config_and_a_template_naming_the_data_folder()
    {
        await Installer().InstallAsync(
            new InstallRequest(Environment.ProcessPath!, null, new Dictionary<string, string> { ["Collector:WebUrl"] = "http://0.0.0.0:5080" }),
            _log, CancellationToken.None);

        var unit = File.ReadAllLines(_root.Combine(Unit));
        Assert.Contains($"ExecStart={Environment.ProcessPath} --config /etc/backuphealth/collector.json", unit);
        Assert.Contains("User=backuphealth-collector", unit);
        Assert.Contains("ReadWritePaths=/var/lib/backuphealth-collector", unit);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(_root.Combine(Config)));
        using var config = JsonDocument.Parse(File.ReadAllText(_root.Combine(Config)));
        var collector = config.RootElement.GetProperty("Collector");
        Assert.Equal("/var/lib/backuphealth-collector", collector.GetProperty("DataPath").GetString());
        Assert.Equal("http://0.0.0.0:5080", collector.GetProperty("WebUrl").GetString());
        Assert.Contains(_commands.Calls, c => c.EndsWith("--comment BackupHealth Collector backuphealth-collector", StringComparison.Ordinal));

        var verify = await new ProcessSystemCommands().RunAsync("systemd-analyze", ["verify", _root.Combine(Unit)], CancellationToken.None);
        Assert.True(verify.Succeeded && verify.StandardError.Length == 0,
            $"systemd-analyze verify (`build.ps1 test` installs it): {verify.StartError} exit {verify.ExitCode}: {verify.StandardError}");
    }

    [LinuxFact]
    public async Task Uninstall_with_purge_removes_exactly_what_install_added()
    {
        var before = Entries();
        await Installer().InstallAsync(new InstallRequest("/opt/backuphealth/backuphealth-collector", null, new Dictionary<string, string>()), _log, CancellationToken.None);
        Directory.CreateDirectory(_root.Combine("var", "lib", "backuphealth-collector", "keys"));
        File.WriteAllText(_root.Combine("var", "lib", "backuphealth-collector", "backuphealth.db"), "written by the service");

        await Installer().UninstallAsync(new UninstallRequest(Purge: true), _log, CancellationToken.None);

        Assert.Equal(before, Entries());
        Assert.Equal("root:x:0:0:root:/root:/bin/bash\n", File.ReadAllText(_root.Combine("etc", "passwd")));
    }

    [Fact]
    public async Task The_windows_service_runs_the_collector_with_its_config_from_program_data()
    {
        var manager = Substitute.For<ISCManager>();
        var layout = ServiceLayout.Windows(CollectorService.Definition, _root.Path);
        var installer = new WindowsServiceInstaller(CollectorService.Definition, layout, manager, _ => { });

        await installer.InstallAsync(new InstallRequest(@"C:\BackupHealth\backuphealth-collector.exe", null, new Dictionary<string, string>()), _log, CancellationToken.None);

        manager.Received(1).Create("BackupHealthCollector", "BackupHealth Collector",
            $"\"C:\\BackupHealth\\backuphealth-collector.exe\" --config {layout.ConfigFile}", WindowsStartType.Automatic);
        manager.Received(1).SetDelayedAutoStart("BackupHealthCollector", true);
        manager.Received(1).SetRecovery("BackupHealthCollector", WindowsServiceInstaller.Recovery);
        manager.Received(1).Start("BackupHealthCollector");
    }
}
