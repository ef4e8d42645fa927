using System.Diagnostics.Tracing;

namespace BackupHealth.Agent.Probes.Shared.EventLog;

/// <summary>One event as the event-log probes need it: never the rendered message (localized), only the event's named
/// data.</summary>
/// <param name="Level">The Windows level (Critical 1, Error 2, Warning 3, Information 4; 0 is "log always").</param>
/// <param name="Data">The event's <c>EventData/Data</c> values by their <c>Name</c> (unnamed ones as <c>Data0</c>,
/// <c>Data1</c>, …), e.g. JobResult, HRESULT.</param>
internal sealed record WindowsEvent(
    string LogName,
    int EventId,
    EventLevel Level,
    DateTime TimeCreatedUtc,
    long RecordId,
    IReadOnlyDictionary<string, string> Data);
