using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackupHealth.Agent.Probes.VeeamEvents;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(VeeamEventsCursor))]
internal sealed partial class VeeamEventsJsonContext : JsonSerializerContext
{
}
