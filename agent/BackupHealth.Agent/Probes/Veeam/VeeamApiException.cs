using BackupHealth.Agent.Probes.Http;

namespace BackupHealth.Agent.Probes.Veeam;

/// <summary>The server answered, but not with what the probe needs (refused login, an error status).</summary>
internal sealed class VeeamApiException : VendorApiException
{
    public VeeamApiException()
    {
    }

    public VeeamApiException(string message)
        : base(message)
    {
    }

    public VeeamApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
