namespace BackupHealth.Agent.Probes.Restic;

/// <summary>One entry of <c>restic snapshots --json</c>. <see cref="Time"/> is kept as text: restic prints
/// nanoseconds and the host's offset, and is read by <see cref="ResticTime"/>.</summary>
internal sealed class ResticSnapshot
{
    public string Id { get; set; } = "";

    public string ShortId { get; set; } = "";

    public string Time { get; set; } = "";

    public string Hostname { get; set; } = "";

    public string Username { get; set; } = "";

    public List<string>? Paths { get; set; }

    public List<string>? Tags { get; set; }

    /// <summary>restic ≥ 0.17 only.</summary>
    public string? ProgramVersion { get; set; }

    /// <summary>restic ≥ 0.17 only: what the backup that made the snapshot did. Null from older versions and for
    /// snapshots older versions made.</summary>
    public ResticSnapshotSummary? Summary { get; set; }
}
