namespace BackupHealth.Agent.Probes.Borg;

/// <summary>The document <c>borg list --json</c> and <c>borg info --json</c> print: the archives, plus repository
/// and cache details the probe does not need.</summary>
internal sealed class BorgArchiveList
{
    public List<BorgArchive>? Archives { get; set; }
}
