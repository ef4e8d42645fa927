using BackupHealth.Agent.Probes.Shared.Http;

namespace BackupHealth.Agent.Probes.Unitrends;

/// <summary>The appliance answered, but not with what the probe can use (login refused, an error status, no body).
/// The message is fit for probe health as is.</summary>
internal sealed class UnitrendsApiException : VendorApiException
{
    public UnitrendsApiException()
    {
    }

    public UnitrendsApiException(string message)
        : base(message)
    {
    }

    public UnitrendsApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
