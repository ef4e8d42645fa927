using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackupHealth.Agent.Probes.Borg;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BorgArchiveList))]
[JsonSerializable(typeof(BorgState))]
internal sealed partial class BorgJsonContext : JsonSerializerContext
{
}
