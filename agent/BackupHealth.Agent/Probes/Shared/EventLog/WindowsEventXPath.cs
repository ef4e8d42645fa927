using System.Globalization;

namespace BackupHealth.Agent.Probes.Shared.EventLog;

/// <summary>The event log query for a <see cref="WindowsEventQuery"/>, so Windows filters as the probe does.</summary>
internal static class WindowsEventXPath
{
    public static string For(WindowsEventQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var ids = string.Join(" or ", query.EventIds.Select(id => string.Create(CultureInfo.InvariantCulture, $"EventID={id}")));
        var time = $"TimeCreated[@SystemTime>'{query.AfterTimeUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)}']";
        var newer = query.AfterRecordId > 0
            ? string.Create(CultureInfo.InvariantCulture, $"(EventRecordID>{query.AfterRecordId} or {time})")
            : time;
        return $"*[System[({ids}) and {newer}]]";
    }
}
