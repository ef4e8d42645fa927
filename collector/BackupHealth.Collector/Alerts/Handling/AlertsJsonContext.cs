using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackupHealth.Collector.Alerts.Handling;

/// <summary>Source-generated JSON for the alert API (camelCase, web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AlertDto))]
[JsonSerializable(typeof(IReadOnlyList<AlertDto>))]
[JsonSerializable(typeof(SilenceDto))]
[JsonSerializable(typeof(IReadOnlyList<SilenceDto>))]
[JsonSerializable(typeof(MaintenanceWindowDto))]
[JsonSerializable(typeof(IReadOnlyList<MaintenanceWindowDto>))]
[JsonSerializable(typeof(EvaluationResultDto))]
[JsonSerializable(typeof(AlertActionRequest))]
[JsonSerializable(typeof(SilenceRequest))]
[JsonSerializable(typeof(MaintenanceWindowRequest))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class AlertsJsonContext : JsonSerializerContext
{
}
