using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackupHealth.Agent.Probes.Restic;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<ResticSnapshot>))]
[JsonSerializable(typeof(ResticState))]
internal sealed partial class ResticJsonContext : JsonSerializerContext
{
}
