using System.Text.Json.Serialization;
using BackupHealth.Agent.Probes.ProxmoxApi;

namespace BackupHealth.Agent.Probes.ProxmoxBackupServer;

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ProxmoxData<List<PbsDatastore>>))]
[JsonSerializable(typeof(ProxmoxData<List<PbsSnapshot>>))]
[JsonSerializable(typeof(ProxmoxBackupServerProbeState))]
internal sealed partial class ProxmoxBackupServerJsonContext : JsonSerializerContext
{
}
