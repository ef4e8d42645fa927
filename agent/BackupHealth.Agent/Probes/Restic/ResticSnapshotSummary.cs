namespace BackupHealth.Agent.Probes.Restic;

/// <summary>The <c>summary</c> block restic ≥ 0.17 stores in each snapshot.</summary>
internal sealed class ResticSnapshotSummary
{
    public string? BackupStart { get; set; }

    public string? BackupEnd { get; set; }

    public long? TotalBytesProcessed { get; set; }

    public long? TotalFilesProcessed { get; set; }

    public long? DataAdded { get; set; }

    public long? DataAddedPacked { get; set; }

    public long? FilesNew { get; set; }

    public long? FilesChanged { get; set; }
}
