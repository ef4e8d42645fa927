namespace BackupHealth.Collector.Notify;

/// <summary>Exponential backoff with jitter: after attempt n the delay is about min·2^(n-1), capped at max, and drawn
/// from its upper half so that a receiver that came back is not hit by every queued notification at once.</summary>
internal sealed class RetryBackoff(TimeSpan minDelay, TimeSpan maxDelay, Random random)
{
    public TimeSpan After(int attempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        var exponent = Math.Min(attempts - 1, 30);
        var ceiling = Math.Min(maxDelay.Ticks, minDelay.Ticks * Math.Pow(2, exponent));
        var jittered = ceiling / 2 + (random.NextDouble() * ceiling / 2);
        return TimeSpan.FromTicks((long)Math.Clamp(jittered, minDelay.Ticks, maxDelay.Ticks));
    }
}
