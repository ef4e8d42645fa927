using System.Text.Json.Serialization;
using BackupHealth.Agent.Probes.ProxmoxApi;

namespace BackupHealth.Agent.Probes.ProxmoxBackupServer;

/// <summary>One entry of <c>GET /admin/datastore</c>.</summary>
internal sealed class PbsDatastore
{
    [JsonPropertyName("store")]
    public string? Store { get; set; }
}

/// <summary>One entry of <c>GET /admin/datastore/{store}/snapshots</c>.</summary>
internal sealed class PbsSnapshot
{
    /// <summary><c>vm</c>, <c>ct</c> or <c>host</c>.</summary>
    [JsonPropertyName("backup-type")]
    public string? BackupType { get; set; }

    /// <summary>The vmid for <c>vm</c>/<c>ct</c>, the host name for <c>host</c>.</summary>
    [JsonPropertyName("backup-id")]
    public string? BackupId { get; set; }

    /// <summary>Epoch seconds.</summary>
    [JsonPropertyName("backup-time")]
    public long? BackupTime { get; set; }

    [JsonPropertyName("size")]
    public long? Size { get; set; }

    [JsonPropertyName("files")]
    public List<PbsFile>? Files { get; set; }

    [JsonPropertyName("owner")]
    public string? Owner { get; set; }

    [JsonPropertyName("protected")]
    [JsonConverter(typeof(ProxmoxFlagConverter))]
    public bool Protected { get; set; }

    /// <summary>Absent when the snapshot was never verified.</summary>
    [JsonPropertyName("verification")]
    public PbsVerification? Verification { get; set; }

    /// <summary>The first line of the snapshot's notes; PVE writes the guest name there by default.</summary>
    [JsonPropertyName("comment")]
    public string? Comment { get; set; }
}

internal sealed class PbsFile
{
    [JsonPropertyName("filename")]
    public string? FileName { get; set; }

    [JsonPropertyName("size")]
    public long? Size { get; set; }
}

internal sealed class PbsVerification
{
    /// <summary><c>ok</c> or <c>failed</c>.</summary>
    [JsonPropertyName("state")]
    public string? State { get; set; }

    [JsonPropertyName("upid")]
    public string? Upid { get; set; }
}
