namespace BackupHealth.Agent.Probes.Borg;

/// <summary>One archive of <c>borg list --json</c> (name, id, start, time) or <c>borg info --json</c> (also end,
/// duration, hostname, stats). Times are the borg host's local wall-clock time without a zone, kept as text.</summary>
internal sealed class BorgArchive
{
    public string Name { get; set; } = "";

    public string Id { get; set; } = "";

    public string? Start { get; set; }

    public string? Time { get; set; }

    public string? End { get; set; }

    public double? Duration { get; set; }

    public string? Hostname { get; set; }

    public string? Username { get; set; }

    public string? Comment { get; set; }

    public BorgArchiveStats? Stats { get; set; }
}
