namespace BackupHealth.Collector.Dashboard.Jobs;

/// <summary>The source kinds whose probes verify what a run wrote (XVA checksums, Proxmox Backup Server verify,
/// <c>restic check</c>, <c>borg check</c>). For every other source "not verified" is no news, so the job page shows
/// "—" instead of a badge on each run.</summary>
internal static class VerifyingSources
{
    private static readonly HashSet<string> Kinds = new(StringComparer.Ordinal) { "xenserver.xva", "proxmox.pbs", "restic", "borg" };

    public static bool CanVerify(string sourceKind) => Kinds.Contains(sourceKind);
}
