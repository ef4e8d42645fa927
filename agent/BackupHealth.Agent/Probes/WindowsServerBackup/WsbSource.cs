namespace BackupHealth.Agent.Probes.WindowsServerBackup;

/// <summary>What a <c>wsb</c> probe reads.</summary>
internal enum WsbSource
{
    /// <summary>The <c>Microsoft-Windows-Backup</c> event log: every backup's outcome, failures included.</summary>
    EventLog,

    /// <summary><c>wbadmin get versions</c>: the backups that exist on the target, each a successful run.</summary>
    Wbadmin,
}
