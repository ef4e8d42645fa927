using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackupHealth.Collector.Expectations;

/// <summary>Source-generated JSON for the expectation API (camelCase, web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ExpectationDto))]
[JsonSerializable(typeof(ExpectationRequest))]
internal sealed partial class ExpectationsJsonContext : JsonSerializerContext
{
}
