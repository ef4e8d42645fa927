using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Limits;

/// <summary>Sign-in attempts per source address, right or wrong (<c>Collector:Limits:SignInAttemptsPerAddress</c>
/// within <c>SignInAttemptWindow</c>). Taken by the <see cref="LimitPolicies.FailedCredentials"/> rate-limiting policy
/// before the attempt reaches the page, so a refused attempt costs no password hash.</summary>
internal sealed class SignInAttempts(IOptions<LimitsOptions> options, TimeProvider time)
{
    public AttemptBuckets Buckets { get; } = new(options.Value.SignInAttemptsPerAddress, options.Value.SignInAttemptWindow, time);
}
