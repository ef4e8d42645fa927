using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackupHealth.Agent.Probes.Command;

// Unknown members are refused: a misspelt "start_time" must be a probe error, not a run without a start.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(List<CommandJsonObservation>))]
[JsonSerializable(typeof(CommandJsonDocument))]
[JsonSerializable(typeof(CommandJsonInventory))]
internal sealed partial class CommandJsonContext : JsonSerializerContext
{
}
