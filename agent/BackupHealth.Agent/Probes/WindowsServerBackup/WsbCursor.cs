using System.Text.Json;
using System.Text.Json.Serialization;
using BackupHealth.Agent.Probes.Shared.EventLog;

namespace BackupHealth.Agent.Probes.WindowsServerBackup;

/// <summary>Where the probe stopped in the backup event log (in the probe state store).</summary>
internal sealed class WsbCursor
{
    public EventLogPosition? Position { get; set; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WsbCursor))]
internal sealed partial class WsbJsonContext : JsonSerializerContext;
