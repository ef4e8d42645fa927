using BackupHealth.Agent.Probes.Shared.Http;

namespace BackupHealth.Agent.Probes.XenServer;

/// <summary>XAPI answered with a failure (<see cref="Error"/>), or with something that is not a JSON-RPC answer.</summary>
internal sealed class XapiException : VendorApiException
{
    public XapiException()
    {
    }

    public XapiException(string message)
        : base(message)
    {
    }

    public XapiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public XapiException(string method, XapiError error)
        : base($"{method} failed: {error}")
    {
        Error = error;
    }

    public XapiError? Error { get; }
}
