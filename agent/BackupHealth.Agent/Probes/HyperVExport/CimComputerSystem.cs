using System.Text.Json.Serialization;

namespace BackupHealth.Agent.Probes.HyperVExport;

/// <summary>One <c>Msvm_ComputerSystem</c> as <c>Select-Object Name, ElementName, EnabledState | ConvertTo-Json</c>
/// prints it.</summary>
internal sealed class CimComputerSystem
{
    [JsonPropertyName("Name")]
    public string? Name { get; set; }

    [JsonPropertyName("ElementName")]
    public string? ElementName { get; set; }

    [JsonPropertyName("EnabledState")]
    public int? EnabledState { get; set; }
}

// Source-generated: the agent is published with NativeAOT, where reflection-based serialization is unavailable.
[JsonSerializable(typeof(List<CimComputerSystem>))]
internal sealed partial class HyperVInventoryJsonContext : JsonSerializerContext;
