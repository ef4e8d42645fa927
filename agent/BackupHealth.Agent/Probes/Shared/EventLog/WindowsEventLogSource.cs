using System.Diagnostics.Eventing.Reader;
using System.Globalization;
using System.Runtime.Versioning;
using System.Xml.Linq;

namespace BackupHealth.Agent.Probes.Shared.EventLog;

/// <summary>Reads the Windows event log with an XPath query, oldest first. The named event data is taken from each
/// record's XML, because <see cref="EventRecord.Properties"/> has the values without their names.</summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsEventLogSource : IWindowsEventSource
{
    private static readonly XNamespace EventNamespace = "http://schemas.microsoft.com/win/2004/08/events/event";

    public IReadOnlyList<WindowsEvent>? Read(WindowsEventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var logQuery = new EventLogQuery(query.LogName, PathType.LogName, WindowsEventXPath.For(query)) { ReverseDirection = false };
        var records = new List<WindowsEvent>();
        try
        {
            using var reader = new EventLogReader(logQuery);
            while (records.Count < query.MaxEvents && reader.ReadEvent() is { } record)
            {
                using (record)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    records.Add(ToRecord(query.LogName, record));
                }
            }
        }
        catch (EventLogNotFoundException)
        {
            return null;
        }
        catch (EventLogException ex)
        {
            // Keeps the probe free of Windows-only types: it reports IOException as "cannot read".
            throw new IOException(ex.Message, ex);
        }

        return records;
    }

    private static WindowsEvent ToRecord(string logName, EventRecord record)
    {
        var data = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var xml = XDocument.Parse(record.ToXml());
        var index = 0;
        foreach (var element in xml.Descendants(EventNamespace + "EventData").Elements(EventNamespace + "Data"))
        {
            var name = element.Attribute("Name")?.Value;
            data[string.IsNullOrEmpty(name) ? string.Create(CultureInfo.InvariantCulture, $"Data{index}") : name] = element.Value;
            index++;
        }

        return new WindowsEvent(
            logName,
            record.Id,
            (System.Diagnostics.Tracing.EventLevel)(record.Level ?? 0),
            record.TimeCreated?.ToUniversalTime() ?? DateTime.UnixEpoch,
            record.RecordId ?? 0,
            data);
    }
}
