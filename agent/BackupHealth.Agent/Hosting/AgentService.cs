using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.ServiceInstall;

namespace BackupHealth.Agent.Hosting;

/// <summary>The agent as an installed service (<c>install</c> / <c>uninstall</c>): its names, where its files go,
/// and the settings a new configuration file is written with.</summary>
internal static class AgentService
{
    /// <summary>Matches the name <see cref="RunVerb"/> gives UseWindowsService.</summary>
    public const string WindowsName = "BackupHealthAgent";

    public static readonly ServiceDefinition Definition = new(
        Name: "backuphealth-agent",
        WindowsName: WindowsName,
        DisplayName: "BackupHealth Agent",
        Description: "Reads this site's backup job results and streams them to the BackupHealth collector.",
        WindowsFolder: @"BackupHealth\Agent",
        ConfigFileName: "agent.json",
        RunArguments: ["run"],
        DataPathSetting: $"{AgentOptions.SectionName}:{nameof(AgentOptions.DataPath)}",
        TemplateOptions:
        [
            new("--collector-url", $"{AgentOptions.SectionName}:{nameof(AgentOptions.CollectorUrl)}", "URL", Required: true),
            new("--token", $"{AgentOptions.SectionName}:{nameof(AgentOptions.Token)}", "TOKEN", Required: true),
        ]);

    /// <summary>Install's commands (systemctl, useradd, chown) go through the agent's one command runner.</summary>
    public static ISystemCommands Commands() => new CommandRunnerSystemCommands(new ProcessCommandRunner(TimeProvider.System));
}
