using BackupHealth.Agent.Hosting;
using BackupHealth.ServiceInstall;
using BackupHealth.Testing;
using NSubstitute;

namespace BackupHealth.Agent.Tests.Hosting.Install;

/// <summary>The Windows service path through the service control manager seam: which calls, with which start type,
/// command line and recovery actions. The files are real, in a temporary %ProgramData%.</summary>
public sealed class WindowsServiceInstallerTests : IDisposable
{
    private const string Exe = @"C:\Program Files\BackupHealth\backuphealth-agent.exe";

    private readonly TempDirectory _programData = new("bh-programdata");
    private readonly ISCManager _manager = Substitute.For<ISCManager>();
    private readonly List<string> _restricted = [];
    private readonly StringWriter _log = new();
    private readonly ServiceLayout _layout;

    public WindowsServiceInstallerTests() => _layout = ServiceLayout.Windows(AgentService.Definition, _programData.Path);

    public void Dispose() => _programData.Dispose();

    private WindowsServiceInstaller Installer() => new(AgentService.Definition, _layout, _manager, _restricted.Add);

    private Task InstallAsync() => Installer().InstallAsync(
        new InstallRequest(Exe, null, new Dictionary<string, string> { ["Agent:CollectorUrl"] = "https://c.example", ["Agent:Token"] = "t" }),
        _log, CancellationToken.None);

    private string ExpectedCommandLine =>
        $"\"{Exe}\" run --config {Path.Combine(_programData.Path, "BackupHealth\\Agent", "agent.json")}";

    [Fact]
    public async Task Install_creates_an_automatic_delayed_service_with_description_and_restart_on_failure_then_starts_it()
    {
        await InstallAsync();

        Received.InOrder(() =>
        {
            _manager.Exists("BackupHealthAgent");
            _manager.Create("BackupHealthAgent", "BackupHealth Agent", ExpectedCommandLine, WindowsStartType.Automatic);
            _manager.SetDescription("BackupHealthAgent", AgentService.Definition.Description);
            _manager.SetDelayedAutoStart("BackupHealthAgent", true);
            _manager.SetRecovery("BackupHealthAgent", Arg.Any<WindowsRecovery>());
            _manager.Start("BackupHealthAgent");
        });
        var recovery = (WindowsRecovery)_manager.ReceivedCalls().Single(c => c.GetMethodInfo().Name == nameof(ISCManager.SetRecovery)).GetArguments()[1]!;
        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)], recovery.RestartDelays);
        Assert.Equal(TimeSpan.FromDays(1), recovery.ResetPeriod);
        Assert.True(recovery.OnNonCrashFailures);
        _manager.DidNotReceiveWithAnyArgs().Update(default!, default!, default!, default);
    }

    [Fact]
    public async Task Install_writes_the_config_into_a_folder_restricted_to_system_and_administrators()
    {
        await InstallAsync();

        var folder = Path.Combine(_programData.Path, "BackupHealth\\Agent");
        Assert.Equal([folder], _restricted);
        Assert.Contains("\"Token\": \"t\"", File.ReadAllText(Path.Combine(folder, "agent.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reinstall_stops_and_repoints_the_existing_service_instead_of_creating_one()
    {
        _manager.Exists("BackupHealthAgent").Returns(true);

        await InstallAsync();

        Received.InOrder(() =>
        {
            _manager.Stop("BackupHealthAgent", WindowsServiceInstaller.StopTimeout);
            _manager.Update("BackupHealthAgent", "BackupHealth Agent", ExpectedCommandLine, WindowsStartType.Automatic);
            _manager.Start("BackupHealthAgent");
        });
        _manager.DidNotReceiveWithAnyArgs().Create(default!, default!, default!, default);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Uninstall_stops_and_deletes_the_service_and_removes_the_folder_only_with_purge(bool purge)
    {
        await InstallAsync();
        _manager.Exists("BackupHealthAgent").Returns(true);
        _manager.ClearReceivedCalls();

        await Installer().UninstallAsync(new UninstallRequest(purge), _log, CancellationToken.None);

        Received.InOrder(() =>
        {
            _manager.Stop("BackupHealthAgent", WindowsServiceInstaller.StopTimeout);
            _manager.Delete("BackupHealthAgent");
        });
        Assert.Equal(!purge, Directory.Exists(_layout.ConfigFolder));
    }

    [Fact]
    public async Task Uninstall_of_a_service_that_is_not_there_deletes_nothing()
    {
        await Installer().UninstallAsync(new UninstallRequest(Purge: false), _log, CancellationToken.None);

        _manager.DidNotReceiveWithAnyArgs().Stop(default!, default);
        _manager.DidNotReceiveWithAnyArgs().Delete(default!);
        Assert.Contains("not installed", _log.ToString(), StringComparison.Ordinal);
    }
}
