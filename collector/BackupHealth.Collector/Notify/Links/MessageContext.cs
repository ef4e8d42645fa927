namespace BackupHealth.Collector.Notify.Links;

/// <summary>What every channel needs beside the notification to write a message: the links under
/// <c>Collector:PublicUrl</c>, each customer's time zone, and this collector's instance id (read at the first send).</summary>
internal sealed record MessageContext(NotificationLinks Links, CustomerTimeZones Zones, Func<Task<string>> InstanceId)
{
    public MessageContext(NotificationLinks links, CustomerTimeZones zones, CollectorInstance instance)
        : this(links, zones, instance.IdAsync)
    {
    }
}
