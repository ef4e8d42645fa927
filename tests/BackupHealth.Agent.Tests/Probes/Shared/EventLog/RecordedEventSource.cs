using BackupHealth.Agent.Probes.Shared.EventLog;

namespace BackupHealth.Agent.Tests.Probes.Shared.EventLog;

/// <summary>Event logs held in memory, answering queries as the Windows reader does (filter, oldest first, cap).</summary>
internal sealed class RecordedEventSource : IWindowsEventSource
{
    private readonly Dictionary<string, List<WindowsEvent>> _logs = new(StringComparer.OrdinalIgnoreCase);

    public List<WindowsEventQuery> Queries { get; } = [];

    public Exception? Failure { get; set; }

    public void CreateLog(string logName) => _logs.TryAdd(logName, []);

    public void Add(params WindowsEvent[] records)
    {
        foreach (var record in records)
        {
            CreateLog(record.LogName);
            _logs[record.LogName].Add(record);
        }
    }

    /// <summary>As "Clear log" in Event Viewer: the records go and numbering starts again at 1.</summary>
    public void Clear(string logName) => _logs[logName].Clear();

    public IReadOnlyList<WindowsEvent>? Read(WindowsEventQuery query, CancellationToken cancellationToken)
    {
        Queries.Add(query);
        if (Failure is not null)
        {
            throw Failure;
        }

        return _logs.TryGetValue(query.LogName, out var records)
            ? records.Where(query.Matches).OrderBy(r => r.TimeCreatedUtc).ThenBy(r => r.RecordId).Take(query.MaxEvents).ToList()
            : null;
    }
}
