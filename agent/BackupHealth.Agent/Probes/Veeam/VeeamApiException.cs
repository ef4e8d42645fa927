using BackupHealth.Agent.Probes.Shared.Http;

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

    /// <summary>The server refused the request's <c>x-api-version</c> (HTTP 400 "Unsupported RESTAPI version"): it
    /// does not serve that revision, or this route under it.</summary>
    public bool RevisionRefused { get; init; }
}
