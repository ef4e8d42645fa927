using System.Text.Json.Serialization;

namespace BackupHealth.Agent.Probes.XenServer;

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(XapiRequest))]
[JsonSerializable(typeof(XapiResponse<string>))]
[JsonSerializable(typeof(XapiResponse<Dictionary<string, XapiVmRecord>>))]
[JsonSerializable(typeof(XapiResponse<Dictionary<string, XapiTaskRecord>>))]
[JsonSerializable(typeof(XenServerProbeState))]
internal sealed partial class XapiJsonContext : JsonSerializerContext
{
}
