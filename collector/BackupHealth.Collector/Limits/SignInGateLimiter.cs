using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Limits;

/// <summary>A rate limiter for one address's sign-ins: refused while the address has used up its failures
/// (<see cref="FailureWindow"/>), else while it has used up its attempts (<see cref="AttemptBuckets"/>), which the
/// permit takes. It holds no state of its own, so the rate-limiting middleware may drop and recreate it at will; the
/// counts live in the window and the buckets.</summary>
internal sealed class SignInGateLimiter(SignInFailures failures, SignInAttempts attempts, string address, ILogger logger) : RateLimiter
{
    public override TimeSpan? IdleDuration => TimeSpan.MaxValue;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        if (failures.Window.RetryAfter(address) is { } blocked)
        {
            return new GateLease(false, blocked, SignInRefusal.TooManyFailures);
        }

        if (attempts.Buckets.TryTake(address, out var emptied) is { } wait)
        {
            return new GateLease(false, wait, SignInRefusal.TooManyAttempts);
        }

        if (emptied)
        {
            Log.SignInAttemptsUsedUp(logger, address, attempts.Buckets.Capacity, attempts.Buckets.Window);
        }

        return GateLease.Granted;
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    /// <summary>A refusal carries how long to wait and which limit refused (<see cref="MetadataName.ReasonPhrase"/>).</summary>
    private sealed class GateLease(bool acquired, TimeSpan? retryAfter, string? reason) : RateLimitLease
    {
        public static readonly GateLease Granted = new(true, null, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name, MetadataName.ReasonPhrase.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter
                : metadataName == MetadataName.ReasonPhrase.Name ? reason
                : null;
            return metadata is not null;
        }
    }
}
