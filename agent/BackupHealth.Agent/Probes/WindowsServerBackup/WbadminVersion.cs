namespace BackupHealth.Agent.Probes.WindowsServerBackup;

/// <summary>One block of <c>wbadmin get versions</c>.</summary>
/// <param name="Identifier">As printed, <c>MM/DD/YYYY-HH:MM</c>; also what <c>wbadmin start recovery -version:</c> takes.</param>
/// <param name="TimeUtc">The identifier read as UTC; null when it is not a valid date.</param>
/// <param name="BackupTime">The localized local time, as printed (display only: its format depends on the locale).</param>
internal sealed record WbadminVersion(
    string Identifier,
    DateTime? TimeUtc,
    string BackupTime,
    string BackupTarget,
    string CanRecover,
    string SnapshotId);
