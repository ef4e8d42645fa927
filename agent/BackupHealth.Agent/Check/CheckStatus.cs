namespace BackupHealth.Agent.Check;

/// <summary>Monitoring-plugin states; the value is the process exit code.</summary>
internal enum CheckStatus
{
    Ok = 0,
    Warning = 1,
    Critical = 2,
    Unknown = 3,
}
