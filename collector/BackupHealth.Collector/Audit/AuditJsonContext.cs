using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackupHealth.Collector.Audit;

/// <summary>Source-generated JSON for the audit API (camelCase, web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AuditPageDto))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class AuditJsonContext : JsonSerializerContext
{
}
