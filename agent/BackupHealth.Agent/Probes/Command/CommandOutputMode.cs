namespace BackupHealth.Agent.Probes.Command;

/// <summary>How the <c>command</c> probe reads what the script says.</summary>
internal enum CommandOutputMode
{
    /// <summary>As a monitoring plugin: the exit code is the state, the first line of stdout the message.</summary>
    Plugin,

    /// <summary>stdout is a JSON array of observations (see README).</summary>
    Json,

    /// <summary>stdout is a JSON object listing a hypervisor's guests (see README): an inventory for coverage, no runs.</summary>
    Inventory,
}
