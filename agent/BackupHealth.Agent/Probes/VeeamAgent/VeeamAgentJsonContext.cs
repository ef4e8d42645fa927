using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackupHealth.Agent.Probes.VeeamAgent;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(VeeamAgentCursor))]
internal sealed partial class VeeamAgentJsonContext : JsonSerializerContext
{
}
