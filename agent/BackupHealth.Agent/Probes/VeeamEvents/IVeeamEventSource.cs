namespace BackupHealth.Agent.Probes.VeeamEvents;

/// <summary>Where the <c>veeam-events</c> probe gets event records: the Windows event log in production, records
/// built by a test elsewhere, so the parsing is tested on every OS.</summary>
internal interface IVeeamEventSource
{
    /// <returns>Matching records oldest first, at most <see cref="VeeamEventQuery.MaxEvents"/>; null when the log
    /// does not exist on this host (the product is not installed).</returns>
    /// <exception cref="IOException">The log exists but cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The account may not read the log.</exception>
    IReadOnlyList<VeeamEventRecord>? Read(VeeamEventQuery query, CancellationToken cancellationToken);
}

/// <summary>Records of <paramref name="EventIds"/> in <paramref name="LogName"/> that are newer than the cursor: a
/// record number above <paramref name="AfterRecordId"/>, or — since a cleared log numbers from 1 again — created
/// after <paramref name="AfterTimeUtc"/>. With no record number yet (0), only the time counts.</summary>
internal sealed record VeeamEventQuery(string LogName, IReadOnlyList<int> EventIds, long AfterRecordId, DateTime AfterTimeUtc, int MaxEvents)
{
    public bool Matches(VeeamEventRecord record) =>
        EventIds.Contains(record.EventId)
        && (AfterRecordId > 0
            ? record.RecordId > AfterRecordId || record.TimeCreatedUtc > AfterTimeUtc
            : record.TimeCreatedUtc > AfterTimeUtc);
}
