using BackupHealth.Agent.Probes.Shared.EventLog;

namespace BackupHealth.Agent.Probes.VeeamEvents;

/// <summary>Where the probe stopped in each log (in the probe state store).</summary>
internal sealed class VeeamEventsCursor
{
    public Dictionary<string, EventLogPosition> Logs { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
