using System.Text.Json.Serialization;

namespace BackupHealth.Agent.Probes.ProxmoxApi;

/// <summary>Every Proxmox VE and Backup Server API answer: <c>{"data": ..., "total": n}</c> (total on paged lists).</summary>
internal sealed class ProxmoxData<T>
{
    [JsonPropertyName("data")]
    public T? Data { get; set; }

    [JsonPropertyName("total")]
    public int? Total { get; set; }
}
