namespace BackupHealth.Agent.Probes.Xva;

/// <summary>The archive is not a good XVA; the message is the verdict's reason, worded for a technician (which disk,
/// which chunk, expected versus actual). Thrown inside the verifier only, which turns it into a failed verification.</summary>
internal sealed class XvaInvalidException : Exception
{
    public XvaInvalidException(string message)
        : base(message)
    {
    }

    public XvaInvalidException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public XvaInvalidException()
    {
    }

    public static XvaInvalidException Truncated(string detail) => new($"truncated: {detail}");
}
