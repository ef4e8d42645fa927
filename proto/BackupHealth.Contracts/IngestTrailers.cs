namespace BackupHealth.Contracts;

/// <summary>The trailers of a failed ingest stream: the collector sets them, the agent reads them
/// (docs/contract.md).</summary>
public static class IngestTrailers
{
    /// <summary>With InvalidArgument: the sequence of the batch the collector refused for good; nothing of it is
    /// stored, and the agent sets it aside instead of sending it again.</summary>
    public const string RejectedSequence = "bh-rejected-sequence";

    /// <summary>With ResourceExhausted: the seconds the agent waits before it sends again.</summary>
    public const string RetryAfter = "retry-after";
}
