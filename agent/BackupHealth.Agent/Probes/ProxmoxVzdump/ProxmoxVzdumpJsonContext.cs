using System.Text.Json.Serialization;

namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

[JsonSerializable(typeof(VzdumpSeenTasks))]
internal sealed partial class ProxmoxVzdumpJsonContext : JsonSerializerContext
{
}
