using System.Text.Json.Serialization;

namespace BackupHealth.Agent.Probes.HyperVExport;

/// <summary>What the probe remembers per export folder (relative path) between looks: the disk sizes last seen, to
/// tell a disk still growing, and the verdict once the export settled, so an unchanged export keeps its fact.</summary>
internal sealed class HyperVExportState
{
    public Dictionary<string, ExportRecord> Exports { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class ExportRecord
{
    /// <summary>Disk name → size at the last look.</summary>
    public Dictionary<string, long> Disks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every disk seen since this export began being written: one that disappears is missing.</summary>
    public List<string> SeenDisks { get; set; } = [];

    /// <summary>When the probe first saw this export being written; keys its run.</summary>
    public long? RunningSinceTicks { get; set; }

    /// <summary>Of the look the verdict was made on; null while no verdict.</summary>
    public string? Fingerprint { get; set; }

    public bool? Complete { get; set; }

    public string Reason { get; set; } = "";
}

[JsonSerializable(typeof(HyperVExportState))]
internal sealed partial class HyperVExportJsonContext : JsonSerializerContext;
