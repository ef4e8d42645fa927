namespace BackupHealth.Agent.Hosting;

/// <summary>Fills the settings whose defaults depend on the machine: the agent id and the data folder.</summary>
internal static class AgentDefaults
{
    public static void Apply(AgentOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Id))
        {
            options.Id = Environment.MachineName;
        }

        options.DataPath = Path.GetFullPath(string.IsNullOrWhiteSpace(options.DataPath) ? DefaultDataPath() : options.DataPath);
    }

    public static string DefaultDataPath() =>
        OperatingSystem.IsWindows()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "BackupHealth", "Agent")
            : "/var/lib/backuphealth-agent";
}
