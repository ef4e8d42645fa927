using System.Text.Json.Serialization;
using BackupHealth.Agent.Probes.ProxmoxVzdump;

namespace BackupHealth.Agent.Probes.ProxmoxApi;

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ProxmoxData<List<PveTask>>))]
[JsonSerializable(typeof(ProxmoxData<List<PveLogLine>>))]
[JsonSerializable(typeof(ProxmoxData<List<PveResource>>))]
[JsonSerializable(typeof(ProxmoxData<List<PveNode>>))]
[JsonSerializable(typeof(ProxmoxData<PveNodeTime>))]
[JsonSerializable(typeof(ProxmoxData<List<PveBackupJob>>))]
[JsonSerializable(typeof(VzdumpSeenTasks))]
internal sealed partial class ProxmoxApiJsonContext : JsonSerializerContext
{
}
