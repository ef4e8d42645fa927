namespace BackupHealth.Agent.Probes.Borg;

/// <summary>The <c>stats</c> of an archive in <c>borg info --json</c>.</summary>
internal sealed class BorgArchiveStats
{
    public long? OriginalSize { get; set; }

    public long? CompressedSize { get; set; }

    public long? DeduplicatedSize { get; set; }

    public long? Nfiles { get; set; }
}
