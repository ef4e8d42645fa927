namespace BackupHealth.Agent.Outbox;

/// <summary>How much the outbox may hold (<c>Agent:OutboxMaxBytes</c>) and how long a healthy success may wait in it
/// (<c>Agent:OutboxMaxAge</c>). Only healthy successes are ever dropped to keep within them, the oldest first.</summary>
internal sealed record OutboxLimits(long MaxBytes, TimeSpan MaxAge)
{
    public const long DefaultMaxBytes = 256L * 1024 * 1024;
    public const string DefaultMaxAge = "30.00:00:00";

    public static OutboxLimits Default { get; } = new(DefaultMaxBytes, TimeSpan.Parse(DefaultMaxAge, System.Globalization.CultureInfo.InvariantCulture));
}
