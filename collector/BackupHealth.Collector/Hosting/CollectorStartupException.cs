namespace BackupHealth.Collector.Hosting;

/// <summary>The collector cannot start for a reason the operator must fix (a database from a newer version, a data
/// folder that cannot be created). Program prints the message and exits non-zero, without a stack trace.</summary>
internal sealed class CollectorStartupException : Exception
{
    public CollectorStartupException(string message)
        : base(message)
    {
    }

    public CollectorStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CollectorStartupException()
    {
    }
}
