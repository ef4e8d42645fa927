using BackupHealth.Agent.Hosting;
using BackupHealth.ServiceInstall;
using Microsoft.Extensions.Configuration;

namespace BackupHealth.Agent.Enrolment;

/// <summary><c>install --token-file FILE [--config FILE] [--root DIR]</c>: enrols into the installed service's data
/// folder, then installs as <c>install</c> does. The collector URL, CA and agent id come from enrolment, so neither
/// <c>--collector-url</c> nor <c>--token</c> is needed. Nothing is enrolled when the command line is wrong or install
/// lacks the privilege it needs; if install fails after enrolling, running install again (without a token) finishes it.</summary>
internal static class EnrolAndInstall
{
    public const string Option = "--token-file";

    public static bool Applies(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Count > 0 && args[0] == "install" && args.Any(a => a == Option || a.StartsWith(Option + "=", StringComparison.Ordinal));
    }

    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, ServiceDefinition service, Func<ISystemCommands> commands, TextReader stdin, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(error);
        var (tokenFile, rest) = Split(args);
        var installAfterEnrolment = AfterEnrolment(service);
        var commandLine = ServiceCommandLine.Parse(rest, service);
        if (commandLine.Help || commandLine.Error is not null)
        {
            return await ServiceVerb.RunAsync(rest, installAfterEnrolment, commands, output, error);
        }

        if (string.IsNullOrWhiteSpace(tokenFile))
        {
            await error.WriteLineAsync($"error: {Option} needs a file name, or - to read the token from stdin");
            return 2;
        }

        if (commandLine.Root is null && !Environment.IsPrivilegedProcess)
        {
            await error.WriteLineAsync($"error: install changes the system: run it as root (sudo {service.Name} install …) or as an administrator; nothing was enrolled");
            return 1;
        }

        var layout = ServiceLayout.ForThisSystem(service, commandLine.Root);
        var settings = InstalledSettings(commandLine, layout);
        var dataPath = settings[service.DataPathSetting] is { Length: > 0 } configured ? configured : layout.DataFolder;
        var agentId = settings[$"{AgentOptions.SectionName}:{nameof(AgentOptions.Id)}"] is { Length: > 0 } id ? id : Environment.MachineName;
        var dataOnDisk = layout.OnDisk(dataPath);
        if (!OperatingSystem.IsWindows() && !Directory.Exists(dataOnDisk))
        {
            // As install would make it; install then hands it to the service user.
            Directory.CreateDirectory(dataOnDisk, SystemdInstaller.DataFolderMode);
        }

        var identity = new AgentIdentity(dataOnDisk);
        var caFile = Path.Combine(dataPath, AgentIdentity.FolderName, AgentIdentity.CollectorCaFileName);
        var enrolled = await EnrolVerb.EnrolAsync(tokenFile, identity, agentId, stdin, output, error, CancellationToken.None, caFile);
        return enrolled != 0 ? enrolled : await ServiceVerb.RunAsync(rest, installAfterEnrolment, commands, output, error);
    }

    /// <summary>The service as installed after enrolment: its collector settings come from enrolment, so no template
    /// option is required.</summary>
    public static ServiceDefinition AfterEnrolment(ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service with { TemplateOptions = [.. service.TemplateOptions.Select(o => o with { Required = false })] };
    }

    private static (string? TokenFile, List<string> Others) Split(IReadOnlyList<string> args)
    {
        string? tokenFile = null;
        var rest = new List<string>();
        for (var index = 0; index < args.Count; index++)
        {
            if (args[index] == Option)
            {
                tokenFile = index + 1 < args.Count ? args[++index] : "";
            }
            else if (args[index].StartsWith(Option + "=", StringComparison.Ordinal))
            {
                tokenFile = args[index][(Option.Length + 1)..];
            }
            else
            {
                rest.Add(args[index]);
            }
        }

        return (tokenFile, rest);
    }

    /// <summary>The settings the service will run with, as far as they decide where enrolment writes: the
    /// <c>--config</c> file, or the configuration an earlier install left.</summary>
    private static IConfiguration InstalledSettings(ServiceCommandLine commandLine, ServiceLayout layout)
    {
        var file = commandLine.ConfigSource ?? layout.OnDisk(layout.ConfigFile);
        var builder = new ConfigurationBuilder();
        if (File.Exists(file))
        {
            builder.AddJsonFile(file, optional: true, reloadOnChange: false);
        }

        return builder.Build();
    }
}
