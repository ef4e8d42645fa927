using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Limits;

/// <summary>How many sign-in password hashes run at once (<c>Collector:Limits:SignInHashConcurrency</c>) and how many
/// sign-ins may wait for one (<c>SignInHashQueue</c>). A hash is PBKDF2 on purpose slow, tens of milliseconds of one
/// core; without a bound, sign-ins from many addresses take every core and ingest waits. A sign-in that finds the
/// queue full is not queued at all: the page answers 503 at once.</summary>
internal sealed class PasswordHashSlots : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private long _hashed;
    private int _running;
    private int _peak;

    public PasswordHashSlots(IOptions<LimitsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Slots = options.Value.SignInHashSlots;
        Queue = options.Value.SignInHashQueue;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Slots,
            QueueLimit = Queue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public int Slots { get; }

    public int Queue { get; }

    /// <summary>Sign-ins waiting for a slot now.</summary>
    public long Waiting => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>Hashes run since start.</summary>
    public long Hashed => Interlocked.Read(ref _hashed);

    /// <summary>The most hashes that ran at the same time since start.</summary>
    public int PeakRunning => Volatile.Read(ref _peak);

    /// <summary>Runs <paramref name="hash"/> on a free slot, first waiting in the queue when every slot is taken;
    /// <c>Ran</c> is false when the queue is full too (nothing ran).</summary>
    public async Task<(bool Ran, T Value)> RunAsync<T>(Func<Task<T>> hash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        using var lease = await _limiter.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            return (false, default!);
        }

        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _peak, running);
        try
        {
            Interlocked.Increment(ref _hashed);
            return (true, await hash());
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public void Dispose() => _limiter.Dispose();

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var now && now != seen)
        {
            seen = now;
        }
    }
}
