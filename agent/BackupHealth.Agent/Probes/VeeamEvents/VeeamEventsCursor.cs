namespace BackupHealth.Agent.Probes.VeeamEvents;

/// <summary>Where the probe stopped in each log (in the probe state store).</summary>
internal sealed class VeeamEventsCursor
{
    public Dictionary<string, VeeamLogPosition> Logs { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>The last record read in one log: its number, and its time for when the log was cleared and numbering
/// started again.</summary>
internal sealed class VeeamLogPosition
{
    public long RecordId { get; set; }

    public DateTime TimeCreatedUtc { get; set; }
}
