namespace BackupHealth.ServiceInstall;

/// <summary>Runs <c>install</c> or <c>uninstall</c> for one program: picks the platform's installer, reports each
/// step on standard output and a failure as one <c>error:</c> line. Exit codes: 0 done, 1 failed, 2 bad command line.</summary>
internal static class ServiceVerb
{
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, ServiceDefinition service, Func<ISystemCommands> commands, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var commandLine = ServiceCommandLine.Parse(args, service);
        if (commandLine.Help)
        {
            await output.WriteLineAsync(ServiceCommandLine.Usage(service));
            return 0;
        }

        if (commandLine.Error is not null)
        {
            await error.WriteLineAsync($"error: {commandLine.Error}\n\n{ServiceCommandLine.Usage(service)}");
            return 2;
        }

        try
        {
            var (installer, layout) = Installer(commandLine, service, commands);
            if (commandLine.Install)
            {
                var request = new InstallRequest(Executable(layout), commandLine.ConfigSource, commandLine.TemplateValues ?? new Dictionary<string, string>());
                await installer.InstallAsync(request, output, CancellationToken.None);
                await output.WriteLineAsync(OperatingSystem.IsWindows()
                    ? $"installed: sc.exe query {service.WindowsName}; logs in the Application event log"
                    : $"installed: systemctl status {service.Name}; logs: journalctl -u {service.Name}");
            }
            else
            {
                await installer.UninstallAsync(new UninstallRequest(commandLine.Purge), output, CancellationToken.None);
                await output.WriteLineAsync("uninstalled");
            }

            return 0;
        }
        catch (Exception ex) when (ex is ServiceInstallException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
    }

    private static (IServiceInstaller Installer, ServiceLayout Layout) Installer(
        ServiceCommandLine commandLine, ServiceDefinition service, Func<ISystemCommands> commands)
    {
        if (OperatingSystem.IsWindows())
        {
            if (commandLine.Root is not null)
            {
                throw new ServiceInstallException("--root is for Linux (systemd) installs");
            }

            var layout = ServiceLayout.ForThisSystem(service, root: null);
            return (new WindowsServiceInstaller(service, layout, new SCManager(TimeProvider.System), WindowsFolderAccess.RestrictToSystemAndAdministrators), layout);
        }

        if (OperatingSystem.IsLinux())
        {
            var layout = ServiceLayout.ForThisSystem(service, commandLine.Root);
            return (new SystemdInstaller(service, layout, commands()), layout);
        }

        throw new ServiceInstallException("install knows systemd (Linux) and the Windows service control manager only");
    }

    /// <summary>The installed service runs this very program, where it is now; under <c>--root</c> the path is the one
    /// it will have inside that root.</summary>
    private static string Executable(ServiceLayout layout)
    {
        var path = Environment.ProcessPath ?? throw new ServiceInstallException("cannot tell where this program is");
        if (Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            throw new ServiceInstallException("run install from the published program, not through dotnet: the service must start the program itself");
        }

        var root = Path.TrimEndingDirectorySeparator(layout.Root);
        return layout.HasRoot && path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? path[root.Length..] : path;
    }
}
