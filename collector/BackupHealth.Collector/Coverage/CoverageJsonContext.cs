using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackupHealth.Collector.Coverage;

/// <summary>Source-generated JSON for the coverage API (camelCase, web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<CoverageVmDto>))]
[JsonSerializable(typeof(CoverageMappingDto))]
[JsonSerializable(typeof(IReadOnlyList<CoverageMappingDto>))]
[JsonSerializable(typeof(CoverageExclusionDto))]
[JsonSerializable(typeof(IReadOnlyList<CoverageExclusionDto>))]
[JsonSerializable(typeof(CoverageMappingRequest))]
[JsonSerializable(typeof(CoverageExclusionRequest))]
internal sealed partial class CoverageJsonContext : JsonSerializerContext
{
}
