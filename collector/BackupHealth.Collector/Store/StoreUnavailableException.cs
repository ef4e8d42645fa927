namespace BackupHealth.Collector.Store;

/// <summary>A write was not committed (the transaction failed or the store is stopping). Retryable: the caller
/// tells its agent to try again (gRPC Unavailable) and acknowledges nothing.</summary>
internal sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException()
    {
    }
}
