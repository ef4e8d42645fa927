using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackupHealth.Agent.Probes.Veeam;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(VeeamToken))]
[JsonSerializable(typeof(VeeamPage<VeeamSession>))]
[JsonSerializable(typeof(VeeamPage<VeeamJobState>))]
[JsonSerializable(typeof(VeeamPage<VeeamTaskSession>))]
[JsonSerializable(typeof(VeeamSession))]
[JsonSerializable(typeof(VeeamError))]
[JsonSerializable(typeof(VeeamCursor))]
internal sealed partial class VeeamJsonContext : JsonSerializerContext
{
}
