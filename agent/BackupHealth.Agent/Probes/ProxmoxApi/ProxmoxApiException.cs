using BackupHealth.Agent.Probes.Shared.Http;

namespace BackupHealth.Agent.Probes.ProxmoxApi;

/// <summary>A Proxmox API answered, but not with what the probe can use (token refused, an error status, no data).</summary>
internal sealed class ProxmoxApiException : VendorApiException
{
    public ProxmoxApiException()
    {
    }

    public ProxmoxApiException(string message)
        : base(message)
    {
    }

    public ProxmoxApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status, when the API answered with one.</summary>
    public int? StatusCode { get; init; }
}
