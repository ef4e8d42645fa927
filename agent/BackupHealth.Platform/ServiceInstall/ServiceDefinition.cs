namespace BackupHealth.ServiceInstall;

/// <summary>What one program is called as a service and what its installed configuration looks like. The agent and
/// the collector each declare one; everything else about installing is shared.</summary>
/// <param name="Name">Unit name, service user and data folder name on Linux: <c>backuphealth-agent</c>.</param>
/// <param name="WindowsName">Service name in the service control manager: <c>BackupHealthAgent</c>.</param>
/// <param name="WindowsFolder">Folder under %ProgramData% for configuration and data: <c>BackupHealth\Agent</c>.</param>
/// <param name="ConfigFileName">The installed configuration file: <c>agent.json</c>.</param>
/// <param name="RunArguments">Arguments before <c>--config</c> on the service's command line (the agent's <c>run</c>).</param>
/// <param name="DataPathSetting">The setting the template fills with the data folder: <c>Agent:DataPath</c>.</param>
/// <param name="TemplateOptions">Command-line options that fill the configuration template when no <c>--config</c>
/// file is given.</param>
internal sealed record ServiceDefinition(
    string Name,
    string WindowsName,
    string DisplayName,
    string Description,
    string WindowsFolder,
    string ConfigFileName,
    IReadOnlyList<string> RunArguments,
    string DataPathSetting,
    IReadOnlyList<TemplateOption> TemplateOptions);

/// <summary>An install option that sets one setting of the configuration template, e.g. <c>--token</c> sets
/// <c>Agent:Token</c>.</summary>
/// <param name="Required">Whether install needs it when it writes the template (no <c>--config</c>, no existing file).</param>
internal sealed record TemplateOption(string Option, string Setting, string Help, bool Required = false);
