using System.CommandLine;
using BackupHealth.CommandLine;

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
        var root = new ValueOption("--root", "--root needs a folder");
        var config = new ValueOption("--config", "--config needs a file name");
        var purge = new Option<bool>("--purge");
        var templates = service.TemplateOptions.ToDictionary(o => o, o => new ValueOption(o.Option, $"{o.Option} needs a value"));
        var verb = install
            ? CommandGrammar.Verb("install", [root, config, .. templates.Values])
            : CommandGrammar.Verb("uninstall", root, purge);
        var parsed = CommandGrammar.Parse(CommandGrammar.Program(service.Name, verb), args);
        if (CommandGrammar.WantsHelp(parsed))
        {
            return new ServiceCommandLine(install, Help: true);
        }

        if (CommandGrammar.Problem(parsed) is { } problem)
        {
            return new ServiceCommandLine(install, Error: problem);
        }

        var values = templates.Where(t => parsed.GetResult(t.Value) is not null)
            .ToDictionary(t => t.Key.Setting, t => parsed.GetValue(t.Value)!, StringComparer.Ordinal);
        var rootFolder = parsed.GetResult(root) is null ? null : parsed.GetValue(root);
        var configFile = install && parsed.GetResult(config) is not null ? parsed.GetValue(config) : null;
        if (configFile is not null && values.Count > 0)
        {
            return new ServiceCommandLine(install, Error: $"--config installs the file as it is: put {string.Join(", ", values.Keys)} in it instead");
        }

        return new ServiceCommandLine(install, rootFolder is null ? null : Path.GetFullPath(rootFolder), configFile is null ? null : Path.GetFullPath(configFile),
            values, !install && parsed.GetValue(purge));
    }
}
