using BackupHealth.FilesAtRest;
namespace BackupHealth.ServiceInstall;

/// <summary>Installs a program as a Windows service: configuration and data in %ProgramData%\BackupHealth\…
/// (readable only by SYSTEM and Administrators, since the configuration holds a token), then a service that starts
/// automatically (delayed, so the network is up), restarts after a failure and has a description.</summary>
/// <param name="restrictFolder">Limits a folder to SYSTEM and Administrators (<see cref="WindowsFolderAccess"/>).</param>
internal sealed class WindowsServiceInstaller(ServiceDefinition service, ServiceLayout layout, ISCManager manager, Action<string> restrictFolder)
    : IServiceInstaller
{
    public static readonly WindowsRecovery Recovery = new(
        ResetPeriod: TimeSpan.FromDays(1),
        RestartDelays: [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)],
        OnNonCrashFailures: true);

    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    public async Task InstallAsync(InstallRequest request, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        var config = ServiceConfigFile.Content(service, layout, request);

        var folder = layout.OnDisk(layout.ConfigFolder);
        Directory.CreateDirectory(folder);
        restrictFolder(folder);
        await log.WriteLineAsync($"folder  {layout.ConfigFolder} (SYSTEM and Administrators only)");
        if (config is null)
        {
            await log.WriteLineAsync($"kept    {layout.ConfigFile} (exists; --config FILE replaces it)");
        }
        else
        {
            AtomicFile.Write(layout.OnDisk(layout.ConfigFile), config, mode: null);
            await log.WriteLineAsync($"wrote   {layout.ConfigFile}");
        }

        var commandLine = CommandLine(request.Executable);
        if (manager.Exists(service.WindowsName))
        {
            manager.Stop(service.WindowsName, StopTimeout);
            manager.Update(service.WindowsName, service.DisplayName, commandLine, WindowsStartType.Automatic);
            await log.WriteLineAsync($"updated service {service.WindowsName}: {commandLine}");
        }
        else
        {
            manager.Create(service.WindowsName, service.DisplayName, commandLine, WindowsStartType.Automatic);
            await log.WriteLineAsync($"created service {service.WindowsName}: {commandLine}");
        }

        manager.SetDescription(service.WindowsName, service.Description);
        manager.SetDelayedAutoStart(service.WindowsName, delayed: true);
        manager.SetRecovery(service.WindowsName, Recovery);
        await log.WriteLineAsync("set     automatic (delayed) start; on failure restart after 10 s, 30 s, 2 min (count resets after a day)");
        manager.Start(service.WindowsName);
        await log.WriteLineAsync($"started service {service.WindowsName}");
    }

    public async Task UninstallAsync(UninstallRequest request, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        if (manager.Exists(service.WindowsName))
        {
            manager.Stop(service.WindowsName, StopTimeout);
            manager.Delete(service.WindowsName);
            await log.WriteLineAsync($"removed service {service.WindowsName}");
        }
        else
        {
            await log.WriteLineAsync($"note    service {service.WindowsName} is not installed");
        }

        var folder = layout.OnDisk(layout.ConfigFolder);
        if (!request.Purge)
        {
            await log.WriteLineAsync($"kept    {layout.ConfigFolder} (configuration and data; --purge removes it)");
        }
        else if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
            await log.WriteLineAsync($"removed {layout.ConfigFolder}");
        }
    }

    /// <summary>The service's command line as the SCM runs it: the program quoted (a path with spaces would otherwise
    /// be an unquoted-service-path hole), then the arguments.</summary>
    public string CommandLine(string executable) =>
        string.Join(' ', new[] { executable }.Concat(service.RunArguments).Concat(["--config", layout.ConfigFile])
            .Select((word, index) => index == 0 || word.Contains(' ', StringComparison.Ordinal) ? $"\"{word}\"" : word));
}
