namespace BackupHealth.Agent.Probes.Shared.Http;

/// <summary>A vendor API answered, but not with what the probe can use (login refused, an error status, no body).
/// The message is fit for probe health as is; <see cref="ApiProbeErrors"/> adds which server said it.</summary>
internal abstract class VendorApiException : Exception
{
    protected VendorApiException()
    {
    }

    protected VendorApiException(string message)
        : base(message)
    {
    }

    protected VendorApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
