using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Limits;

/// <summary>Failed sign-ins per source address (<c>Collector:Limits:SignInFailuresPerAddress</c> within
/// <c>SignInFailureWindow</c>). Fed by the sign-in page after a wrong name or password, read by the
/// <see cref="LimitPolicies.FailedCredentials"/> rate-limiting policy before the next attempt is even looked at.</summary>
internal sealed class SignInFailures(IOptions<LimitsOptions> options, TimeProvider time)
{
    public FailureWindow Window { get; } = new(options.Value.SignInFailuresPerAddress, options.Value.SignInFailureWindow, time);
}
