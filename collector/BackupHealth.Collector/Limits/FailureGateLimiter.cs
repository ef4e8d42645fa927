using System.Threading.RateLimiting;

namespace BackupHealth.Collector.Limits;

/// <summary>A rate limiter for one address that grants a permit unless the address has used up its failures
/// (<see cref="FailureWindow"/>). It holds no state of its own, so the rate-limiting middleware may drop and recreate
/// it at will; the count lives in the window.</summary>
internal sealed class FailureGateLimiter(FailureWindow failures, string address) : RateLimiter
{
    public override TimeSpan? IdleDuration => TimeSpan.MaxValue;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        failures.RetryAfter(address) is { } wait ? new GateLease(false, wait) : GateLease.Granted;

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private sealed class GateLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly GateLease Granted = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = wait;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
