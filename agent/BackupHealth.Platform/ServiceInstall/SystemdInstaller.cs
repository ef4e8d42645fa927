using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using BackupHealth.FilesAtRest;

namespace BackupHealth.ServiceInstall;

/// <summary>Installs a program as a systemd unit: a system user of its own, the configuration in /etc/backuphealth
/// (0640 root:user, since it holds a token), the data folder in /var/lib (owned by the user), the unit, then
/// <c>systemctl enable --now</c>. With a root other than <c>/</c> everything is written under it and systemctl runs
/// offline (<c>--root=</c>), which enables the unit without starting it.</summary>
[UnsupportedOSPlatform("windows")]
internal sealed class SystemdInstaller(ServiceDefinition service, ServiceLayout layout, ISystemCommands commands) : IServiceInstaller
{
    public const UnixFileMode ConfigFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
    public const UnixFileMode UnitFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    public const UnixFileMode ConfigFolderMode = UnitFileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    public const UnixFileMode DataFolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    /// <summary>useradd's exit code for a user that exists (e.g. from a directory service, so not in etc/passwd).</summary>
    private const int UserExists = 9;

    /// <summary>userdel's exit code for a user that is not there (already removed by hand).</summary>
    private const int UserDoesNotExist = 6;

    private string UnitName => service.Name + ".service";

    public async Task InstallAsync(InstallRequest request, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        RequirePrivilege("install");

        // Everything that can be wrong with the request is found before anything is changed.
        var config = ServiceConfigFile.Content(service, layout, request);
        var version = await SystemdVersionAsync(cancellationToken);

        await EnsureUserAsync(log, cancellationToken);
        var ids = PasswdFile.Find(layout, service.Name);
        var user = ids?.Uid.ToString(CultureInfo.InvariantCulture) ?? service.Name;
        var group = ids?.Gid.ToString(CultureInfo.InvariantCulture) ?? service.Name;

        CreateFolder(layout.ConfigFolder, ConfigFolderMode);
        var configFile = layout.OnDisk(layout.ConfigFile);
        if (config is null)
        {
            File.SetUnixFileMode(configFile, ConfigFileMode);
            await log.WriteLineAsync($"kept    {layout.ConfigFile} (exists; --config FILE replaces it)");
        }
        else
        {
            AtomicFile.Write(configFile, config, ConfigFileMode);
            await log.WriteLineAsync($"wrote   {layout.ConfigFile} (mode 0640, root:{service.Name})");
        }

        await RunAsync(log, "chown", [$"0:{group}", configFile], cancellationToken);

        CreateFolder(layout.DataFolder, DataFolderMode);
        await RunAsync(log, "chown", ["-R", $"{user}:{group}", layout.OnDisk(layout.DataFolder)], cancellationToken);

        CreateFolder(ServiceLayout.LinuxUnitFolder, ConfigFolderMode);
        var upgrade = File.Exists(layout.OnDisk(layout.UnitFile));
        var unit = SystemdUnit.Render(service, layout, request.Executable, version);
        AtomicFile.Write(layout.OnDisk(layout.UnitFile), Encoding.UTF8.GetBytes(unit), UnitFileMode);
        await log.WriteLineAsync($"wrote   {layout.UnitFile}");

        if (layout.HasRoot)
        {
            await RunAsync(log, "systemctl", [$"--root={layout.Root}", "enable", UnitName], cancellationToken);
            await log.WriteLineAsync($"note    not started: with --root the unit is only enabled; it starts at the next boot of that system");
        }
        else
        {
            await RunAsync(log, "systemctl", ["daemon-reload"], cancellationToken);
            await RunAsync(log, "systemctl", ["enable", "--now", UnitName], cancellationToken);
            if (upgrade)
            {
                // enable --now leaves a running service as it is: the old program, the old unit.
                await RunAsync(log, "systemctl", ["restart", UnitName], cancellationToken);
            }
        }
    }

    public async Task UninstallAsync(UninstallRequest request, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        RequirePrivilege("uninstall");
        var unitFile = layout.OnDisk(layout.UnitFile);
        if (File.Exists(unitFile))
        {
            await RunAsync(log, "systemctl", layout.HasRoot ? [$"--root={layout.Root}", "disable", UnitName] : ["disable", "--now", UnitName], cancellationToken);
            File.Delete(unitFile);
            await log.WriteLineAsync($"removed {layout.UnitFile}");
            if (!layout.HasRoot)
            {
                await RunAsync(log, "systemctl", ["daemon-reload"], cancellationToken);
            }
        }
        else
        {
            await log.WriteLineAsync($"note    {layout.UnitFile} is not there: the service is not installed");
        }

        if (!request.Purge)
        {
            await log.WriteLineAsync($"kept    {layout.ConfigFile}, {layout.DataFolder} and the user {service.Name} (--purge removes them)");
            return;
        }

        await PurgeAsync(log, cancellationToken);
    }

    private async Task PurgeAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var configFile = layout.OnDisk(layout.ConfigFile);
        if (File.Exists(configFile))
        {
            File.Delete(configFile);
            await log.WriteLineAsync($"removed {layout.ConfigFile}");
        }

        // The folder is shared by the agent and the collector: it goes only with the last file in it.
        var configFolder = layout.OnDisk(layout.ConfigFolder);
        if (Directory.Exists(configFolder) && !Directory.EnumerateFileSystemEntries(configFolder).Any())
        {
            Directory.Delete(configFolder);
            await log.WriteLineAsync($"removed {layout.ConfigFolder}");
        }

        var dataFolder = layout.OnDisk(layout.DataFolder);
        if (Directory.Exists(dataFolder))
        {
            Directory.Delete(dataFolder, recursive: true);
            await log.WriteLineAsync($"removed {layout.DataFolder}");
        }

        if (PasswdFile.Find(layout, service.Name) is not null || !layout.HasRoot)
        {
            await RunAsync(log, "userdel", [.. PrefixArguments(), service.Name], cancellationToken, toleratedExitCodes: [UserDoesNotExist]);
        }
    }

    private async Task EnsureUserAsync(TextWriter log, CancellationToken cancellationToken)
    {
        if (PasswdFile.Find(layout, service.Name) is not null)
        {
            await log.WriteLineAsync($"kept    user {service.Name} (exists)");
            return;
        }

        // A system user with its own group, no home folder and no login shell: it only runs the service.
        await RunAsync(log, "useradd",
            [.. PrefixArguments(), "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                "--shell", "/usr/sbin/nologin", "--comment", service.DisplayName, service.Name],
            cancellationToken, toleratedExitCodes: [UserExists]);
    }

    private string[] PrefixArguments() => layout.HasRoot ? ["--prefix", layout.Root] : [];

    private void CreateFolder(string path, UnixFileMode mode)
    {
        var onDisk = layout.OnDisk(path);
        if (!Directory.Exists(onDisk))
        {
            Directory.CreateDirectory(onDisk, mode);
        }
    }

    private async Task<int> SystemdVersionAsync(CancellationToken cancellationToken)
    {
        var result = await commands.RunAsync("systemctl", ["--version"], cancellationToken);
        if (!result.Succeeded && !layout.HasRoot)
        {
            throw new ServiceInstallException($"systemctl --version: {Reason(result)}: install needs systemd");
        }

        return SystemdUnit.ParseVersion(result.StandardOutput);
    }

    private async Task RunAsync(TextWriter log, string program, string[] arguments, CancellationToken cancellationToken, int[]? toleratedExitCodes = null)
    {
        var display = string.Join(' ', new[] { program }.Concat(arguments).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
        await log.WriteLineAsync($"run     {display}");
        var result = await commands.RunAsync(program, arguments, cancellationToken);
        if (!result.Succeeded && !(result.StartError is null && (toleratedExitCodes ?? []).Contains(result.ExitCode)))
        {
            throw new ServiceInstallException($"{display}: {Reason(result)}");
        }
    }

    private static string Reason(SystemCommandResult result) =>
        result.StartError ?? $"exit code {result.ExitCode}{(result.StandardError.Trim() is { Length: > 0 } error ? ": " + error : "")}";

    private void RequirePrivilege(string verb)
    {
        if (!layout.HasRoot && !Environment.IsPrivilegedProcess)
        {
            throw new ServiceInstallException($"{verb} changes the system: run it as root (sudo {service.Name} {verb} …), or with --root DIR to write into a folder");
        }
    }
}
