namespace BackupHealth.Agent.Probes.ProxmoxBackupServer;

/// <summary>Per backup group (<c>store/type/id</c>), the newest snapshot reported and the verification state it was
/// reported with, so a new snapshot or a changed verification is reported, nothing else.</summary>
internal sealed class ProxmoxBackupServerProbeState
{
    public Dictionary<string, PbsReportedSnapshot> Groups { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class PbsReportedSnapshot
{
    /// <summary>The snapshot's backup-time, epoch seconds.</summary>
    public long Time { get; set; }

    /// <summary><c>ok</c>, <c>failed</c>, or empty for never verified.</summary>
    public string Verification { get; set; } = "";
}
