namespace BackupHealth.Agent.Transport;

/// <summary>Exponential backoff with full jitter: after the n-th failure in a row the delay is random between the
/// minimum and min·2ⁿ⁻¹ (capped at the maximum), so agents of a whole MSP do not reconnect in lockstep after a
/// collector restart.</summary>
internal sealed class ReconnectBackoff(TimeSpan minDelay, TimeSpan maxDelay, Random random)
{
    private int _failures;

    public TimeSpan Next()
    {
        var ceiling = Ceiling(_failures);
        _failures = Math.Min(_failures + 1, 62);
        return minDelay + ((ceiling - minDelay) * random.NextDouble());
    }

    /// <summary>A stream was established: the next failure starts from the minimum again.</summary>
    public void Reset() => _failures = 0;

    private TimeSpan Ceiling(int failures)
    {
        var ceiling = minDelay.Ticks * Math.Pow(2, failures);
        return ceiling >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ceiling);
    }
}
