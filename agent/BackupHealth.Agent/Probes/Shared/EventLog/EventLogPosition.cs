namespace BackupHealth.Agent.Probes.Shared.EventLog;

/// <summary>The last record read in one log (kept in the probe state store): its number, and its time for when the
/// log was cleared and numbering started again.</summary>
internal sealed class EventLogPosition
{
    public long RecordId { get; set; }

    public DateTime TimeCreatedUtc { get; set; }

    public static EventLogPosition Of(WindowsEvent record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new EventLogPosition { RecordId = record.RecordId, TimeCreatedUtc = record.TimeCreatedUtc };
    }
}
