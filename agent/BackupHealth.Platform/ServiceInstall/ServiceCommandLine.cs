namespace BackupHealth.ServiceInstall;

/// <summary>The parsed <c>install</c> / <c>uninstall</c> command line:
/// <code>
/// install   [--config FILE | template options…] [--root DIR]
/// uninstall [--purge] [--root DIR]
/// </code></summary>
internal sealed record ServiceCommandLine(
    bool Install,
    string? Root = null,
    string? ConfigSource = null,
    IReadOnlyDictionary<string, string>? TemplateValues = null,
    bool Purge = false,
    bool Help = false,
    string? Error = null)
{
    public static bool IsVerb(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Count > 0 && args[0] is "install" or "uninstall";
    }

    public static string Usage(ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var template = string.Join(' ', service.TemplateOptions.Select(o => $"{o.Option} {o.Help}"));
        var options = string.Join("", service.TemplateOptions.Select(o =>
            $"\n  {o.Option} {o.Help,-12}  sets {o.Setting} in a new configuration file{(o.Required ? " (needed without --config)" : "")}"));
        return $"""
            Usage: {service.Name} install [--config FILE | {template}] [--root DIR]
                   {service.Name} uninstall [--purge] [--root DIR]

              install     register as a systemd unit (Linux) or a Windows service, with its configuration in
                          /etc/backuphealth/{service.ConfigFileName} or %ProgramData%\{service.WindowsFolder}\{service.ConfigFileName}, and start it
              uninstall   stop and remove the service; configuration and data stay unless --purge
              --config FILE   the settings file to install (replaces an existing one){options}
              --root DIR      Linux: write everything under DIR (like DESTDIR) and enable the unit offline, start nothing
              --purge         uninstall: also remove the configuration, the data and the service user
            """;
    }

    public static ServiceCommandLine Parse(IReadOnlyList<string> args, ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(service);
        var install = args[0] == "install";
        string? root = null;
        string? config = null;
        var purge = false;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var index = 1; index < args.Count; index++)
        {
            var (name, inlineValue) = args[index].Split('=', 2) is [var n, var v] && n.StartsWith("--", StringComparison.Ordinal)
                ? (n, v)
                : (args[index], null);
            string? Value() => inlineValue ?? (index + 1 < args.Count && !args[index + 1].StartsWith("--", StringComparison.Ordinal) ? args[++index] : null);
            var template = install ? service.TemplateOptions.FirstOrDefault(o => o.Option == name) : null;
            switch (name)
            {
                case "-h" or "--help" or "-?":
                    return new ServiceCommandLine(install, Help: true);
                case "--purge" when !install && inlineValue is null:
                    purge = true;
                    break;
                case "--root":
                    root = Value();
                    if (string.IsNullOrWhiteSpace(root))
                    {
                        return new ServiceCommandLine(install, Error: "--root needs a folder");
                    }

                    break;
                case "--config" when install:
                    config = Value();
                    if (string.IsNullOrWhiteSpace(config))
                    {
                        return new ServiceCommandLine(install, Error: "--config needs a file name");
                    }

                    break;
                case var _ when template is not null:
                    if (Value() is not { Length: > 0 } value)
                    {
                        return new ServiceCommandLine(install, Error: $"{template.Option} needs a value");
                    }

                    values[template.Setting] = value;
                    break;
                default:
                    return new ServiceCommandLine(install, Error: $"unknown argument '{args[index]}' for {args[0]}");
            }
        }

        if (config is not null && values.Count > 0)
        {
            return new ServiceCommandLine(install, Error: $"--config installs the file as it is: put {string.Join(", ", values.Keys)} in it instead");
        }

        return new ServiceCommandLine(install, root is null ? null : Path.GetFullPath(root), config is null ? null : Path.GetFullPath(config), values, purge);
    }
}
