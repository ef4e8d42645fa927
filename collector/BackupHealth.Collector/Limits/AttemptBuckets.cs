namespace BackupHealth.Collector.Limits;

/// <summary>Attempts per key as a token bucket: a key may make <c>capacity</c> attempts at once, and after that one
/// more each <c>window / capacity</c> (the bucket refills evenly, up to <c>capacity</c>). Taking is the check: an
/// attempt is counted the moment it is let through, so attempts sent in parallel cannot all pass before any is
/// counted. Time comes from the <see cref="TimeProvider"/>, so tests step it.</summary>
internal sealed class AttemptBuckets(int capacity, TimeSpan window, TimeProvider time)
{
    // Full buckets are dropped every so many attempts, so an address that stopped costs nothing for long.
    private const int SweepEvery = 256;

    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _sinceSweep;

    public int Capacity => capacity;

    public TimeSpan Window => window;

    /// <summary>Takes one attempt for <paramref name="key"/>: null when it may go ahead, else how long until it may
    /// (nothing is taken then). <paramref name="emptied"/> is true for the attempt that took the last one (the moment
    /// to log).</summary>
    public TimeSpan? TryTake(string key, out bool emptied)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (++_sinceSweep >= SweepEvery)
            {
                Sweep(now);
            }

            if (!_buckets.TryGetValue(key, out var bucket))
            {
                _buckets[key] = bucket = new Bucket(capacity, now);
            }

            var tokens = Refill(bucket, now);
            if (tokens >= 1)
            {
                bucket.Tokens = tokens - 1;
                emptied = bucket.Tokens < 1;
                return null;
            }

            emptied = false;
            return TimeSpan.FromTicks((long)Math.Ceiling((1 - tokens) * window.Ticks / capacity));
        }
    }

    private double Refill(Bucket bucket, DateTimeOffset now)
    {
        var elapsed = Math.Max(0, (now - bucket.At).Ticks);
        bucket.Tokens = Math.Min(capacity, bucket.Tokens + ((double)elapsed * capacity / window.Ticks));
        bucket.At = now;
        return bucket.Tokens;
    }

    private void Sweep(DateTimeOffset now)
    {
        _sinceSweep = 0;
        foreach (var (key, bucket) in _buckets)
        {
            if (Refill(bucket, now) >= capacity)
            {
                _buckets.Remove(key);
            }
        }
    }

    private sealed class Bucket(double tokens, DateTimeOffset at)
    {
        public double Tokens { get; set; } = tokens;

        public DateTimeOffset At { get; set; } = at;
    }
}
