using System.Text.Json.Serialization;

namespace BackupHealth.Agent.Probes.Unitrends;

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(UnitrendsLoginRequest))]
[JsonSerializable(typeof(UnitrendsLoginResponse))]
[JsonSerializable(typeof(UnitrendsList<UnitrendsHistoryEntry>))]
[JsonSerializable(typeof(UnitrendsList<UnitrendsActiveJob>))]
[JsonSerializable(typeof(UnitrendsList<UnitrendsJobOrder>))]
[JsonSerializable(typeof(UnitrendsProbeState))]
internal sealed partial class UnitrendsJsonContext : JsonSerializerContext
{
}
