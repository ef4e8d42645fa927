namespace BackupHealth.ServiceInstall;

/// <summary>Where an installed service's files go. <see cref="Root"/> prefixes every path written (like DESTDIR),
/// while the paths written <em>into</em> files (the unit, the configuration) are the final ones without it.</summary>
internal sealed record ServiceLayout(string Root, string UnitFile, string ConfigFolder, string ConfigFile, string DataFolder)
{
    public const string LinuxConfigFolder = "/etc/backuphealth";
    public const string LinuxUnitFolder = "/etc/systemd/system";
    public const string LinuxDataParent = "/var/lib";

    public static ServiceLayout Linux(ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return new ServiceLayout(
            "/",
            $"{LinuxUnitFolder}/{service.Name}.service",
            LinuxConfigFolder,
            $"{LinuxConfigFolder}/{service.ConfigFileName}",
            $"{LinuxDataParent}/{service.Name}");
    }

    /// <summary>The layout on the system install runs on; <paramref name="root"/> (Linux only) as with <c>--root</c>.</summary>
    public static ServiceLayout ForThisSystem(ServiceDefinition service, string? root) =>
        OperatingSystem.IsWindows()
            ? Windows(service, Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData))
            : Linux(service) with { Root = root ?? "/" };

    /// <param name="programData">%ProgramData% (C:\ProgramData).</param>
    public static ServiceLayout Windows(ServiceDefinition service, string programData)
    {
        ArgumentNullException.ThrowIfNull(service);
        var folder = Path.Combine(programData, service.WindowsFolder);
        return new ServiceLayout("", "", folder, Path.Combine(folder, service.ConfigFileName), folder);
    }

    /// <summary>Where <paramref name="path"/> is on this machine: under <see cref="Root"/>.</summary>
    public string OnDisk(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Root is "" or "/" ? path : Path.Join(Root, path);
    }

    public bool HasRoot => Root is not ("" or "/");
}
