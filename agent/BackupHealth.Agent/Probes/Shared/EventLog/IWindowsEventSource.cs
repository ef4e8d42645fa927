namespace BackupHealth.Agent.Probes.Shared.EventLog;

/// <summary>Where an event-log probe gets its records: the Windows event log in production, records built by a test
/// elsewhere, so the parsing is tested on every OS.</summary>
internal interface IWindowsEventSource
{
    /// <returns>Matching records oldest first, at most <see cref="WindowsEventQuery.MaxEvents"/>; null when the log
    /// does not exist on this host (the product is not installed).</returns>
    /// <exception cref="IOException">The log exists but cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The account may not read the log.</exception>
    IReadOnlyList<WindowsEvent>? Read(WindowsEventQuery query, CancellationToken cancellationToken);
}

/// <summary>Records of <paramref name="EventIds"/> in <paramref name="LogName"/> that are newer than the cursor: a
/// record number above <paramref name="AfterRecordId"/>, or — since a cleared log numbers from 1 again — created
/// after <paramref name="AfterTimeUtc"/>. With no record number yet (0), only the time counts.</summary>
internal sealed record WindowsEventQuery(string LogName, IReadOnlyList<int> EventIds, long AfterRecordId, DateTime AfterTimeUtc, int MaxEvents)
{
    /// <summary>The query continuing after <paramref name="position"/>, or reading back to
    /// <paramref name="firstReadFromUtc"/> when there is none yet.</summary>
    public static WindowsEventQuery After(string logName, IReadOnlyList<int> eventIds, EventLogPosition? position, DateTime firstReadFromUtc, int maxEvents) =>
        new(logName, eventIds, position?.RecordId ?? 0, position?.TimeCreatedUtc ?? firstReadFromUtc, maxEvents);

    public bool Matches(WindowsEvent record) =>
        EventIds.Contains(record.EventId)
        && (AfterRecordId > 0
            ? record.RecordId > AfterRecordId || record.TimeCreatedUtc > AfterTimeUtc
            : record.TimeCreatedUtc > AfterTimeUtc);
}
