using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackupHealth.Collector.Api;

/// <summary>Source-generated JSON for the API (camelCase, web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<AgentDto>))]
[JsonSerializable(typeof(IReadOnlyList<JobDto>))]
[JsonSerializable(typeof(IReadOnlyList<RunDto>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class CollectorJsonContext : JsonSerializerContext
{
}
