namespace BackupHealth.Agent.Outbox;

/// <summary>The outbox cannot take a file now: the disk is full or cannot be written, or the outbox is at
/// <c>Agent:OutboxMaxBytes</c> with nothing left that it may drop. Nothing of that file stays on disk; its facts are
/// not marked as seen, so the probe's next run offers them again.</summary>
internal sealed class OutboxFullException : IOException
{
    public OutboxFullException()
    {
    }

    public OutboxFullException(string message)
        : base(message)
    {
    }

    public OutboxFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
