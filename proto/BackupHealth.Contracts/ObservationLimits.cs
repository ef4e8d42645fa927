namespace BackupHealth.Contracts;

/// <summary>Size limits of the contract, shared by the agent (which refuses to queue what the collector
/// would reject) and the collector (which enforces them).</summary>
public static class ObservationLimits
{
    public const int MaxIdLength = 128;
    public const int MaxJobKeyLength = 256;
    public const int MaxNameLength = 512;
    public const int MaxMessageLength = 8 * 1024;
    public const int MaxAttributes = 64;
    public const int MaxAttributeKeyLength = 128;
    public const int MaxAttributeValueLength = 2 * 1024;
    public const int MaxBatchObservations = 1000;

    /// <summary>Most jobs one probe's job list may hold.</summary>
    public const int MaxListedJobs = 10_000;

    /// <summary>Largest gRPC message the collector accepts; a batch must stay below it.</summary>
    public const int MaxMessageBytes = 4 * 1024 * 1024;

    /// <summary>How far after the collector's clock an observation's times may be unless the collector says otherwise
    /// (<c>Collector:MaxClockSkew</c>); the agent refuses to queue what a collector with this default would reject.</summary>
    public static readonly TimeSpan DefaultMaxClockSkew = TimeSpan.FromMinutes(10);

    /// <summary>Nothing a backup product reports happened before this.</summary>
    public static readonly DateTimeOffset EarliestTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
