namespace BackupHealth.Collector.Limits;

/// <summary>How many files (sockets included) this process may have open: its soft RLIMIT_NOFILE.</summary>
internal interface IOpenFileLimit
{
    /// <summary>The limit, or null when unlimited or unknown (not Linux).</summary>
    long? Read();
}
