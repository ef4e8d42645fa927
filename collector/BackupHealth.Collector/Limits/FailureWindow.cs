namespace BackupHealth.Collector.Limits;

/// <summary>Failures per key in a sliding window: a key with <c>limit</c> failures within the last <c>window</c> is
/// blocked until the oldest of them leaves the window. Only failures are counted, so someone who gets it right is
/// never slowed by their own successes. Time comes from the <see cref="TimeProvider"/>, so tests step it.</summary>
internal sealed class FailureWindow(int limit, TimeSpan window, TimeProvider time)
{
    // Expired keys are dropped every so many recorded failures, so an address that stopped costs nothing for long.
    private const int SweepEvery = 256;

    private readonly Dictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _sinceSweep;

    public int Limit => limit;

    public TimeSpan Window => window;

    /// <summary>Counts one failure of <paramref name="key"/>; true when this one reached the limit (the moment to log).</summary>
    public bool Record(string key)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (++_sinceSweep >= SweepEvery)
            {
                Sweep(now);
            }

            if (!_failures.TryGetValue(key, out var failures))
            {
                _failures[key] = failures = new Queue<DateTimeOffset>(Math.Min(limit, 16));
            }

            Expire(failures, now);
            // Only the newest `limit` failures matter; older ones could never block longer than these.
            var wasBlocked = failures.Count == limit;
            if (wasBlocked)
            {
                failures.Dequeue();
            }

            failures.Enqueue(now);
            // True once, when the key becomes blocked: failures of streams that were already past the gate when it
            // closed are counted without saying it again.
            return !wasBlocked && failures.Count == limit;
        }
    }

    /// <summary>How long <paramref name="key"/> stays blocked, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string key)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_failures.TryGetValue(key, out var failures))
            {
                return null;
            }

            Expire(failures, now);
            return failures.Count >= limit ? failures.Peek() + window - now : null;
        }
    }

    private void Expire(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() + window <= now)
        {
            failures.Dequeue();
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        _sinceSweep = 0;
        foreach (var (key, failures) in _failures)
        {
            Expire(failures, now);
            if (failures.Count == 0)
            {
                _failures.Remove(key);
            }
        }
    }
}
