namespace BackupHealth.Retry;

/// <summary>Exponential backoff with jitter, the one kind both programs use: the agent between reconnects and
/// certificate renewals, the collector between attempts of a notification. After the n-th failure in a row the
/// ceiling is min·2ⁿ⁻¹, capped at the maximum, and the delay is drawn at random between a floor and that ceiling
/// (<see cref="BackoffJitter"/>), so that many clients do not retry in lockstep.</summary>
/// <remarks>Stateless through <see cref="After"/> (the caller counts, e.g. a notification's attempts in its row);
/// <see cref="Next"/> and <see cref="Reset"/> count for a caller that retries one thing (a connection).</remarks>
internal sealed class Backoff
{
    // 2^30 times any minimum above a tick is past any maximum worth having.
    private const int MaxExponent = 30;

    private readonly TimeSpan _minDelay;
    private readonly TimeSpan _maxDelay;
    private readonly BackoffJitter _jitter;
    private readonly Random _random;
    private int _failures;

    public Backoff(TimeSpan minDelay, TimeSpan maxDelay, BackoffJitter jitter, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, minDelay);
        ArgumentNullException.ThrowIfNull(random);
        (_minDelay, _maxDelay, _jitter, _random) = (minDelay, maxDelay, jitter, random);
    }

    /// <summary>The delay after the <paramref name="failures"/>-th failure in a row (1 for the first).</summary>
    public TimeSpan After(int failures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        var ceiling = Math.Min(_maxDelay.Ticks, _minDelay.Ticks * Math.Pow(2, Math.Min(failures - 1, MaxExponent)));
        var floor = _jitter == BackoffJitter.Full ? _minDelay.Ticks : Math.Max(_minDelay.Ticks, ceiling / 2);
        return TimeSpan.FromTicks((long)(floor + ((ceiling - floor) * _random.NextDouble())));
    }

    /// <summary>Counts one more failure in a row and gives the delay after it.</summary>
    public TimeSpan Next()
    {
        _failures = Math.Min(_failures + 1, MaxExponent + 1);
        return After(_failures);
    }

    /// <summary>It worked: the next failure starts from the minimum again.</summary>
    public void Reset() => _failures = 0;
}
