namespace BackupHealth.Collector.Limits;

/// <summary>Names of the rate-limiting policies endpoints opt into with <c>[EnableRateLimiting]</c> or
/// <c>RequireRateLimiting</c>.</summary>
internal static class LimitPolicies
{
    /// <summary>Refuses POSTs (429 + <c>Retry-After</c>) from an address that has used up its failed credential
    /// checks (<see cref="SignInFailures"/>) or its attempts (<see cref="SignInAttempts"/>). For every endpoint that checks a secret a person types: the sign-in page
    /// now, enrolment when it comes — such an endpoint opts in and records its failures in <see cref="SignInFailures"/>.</summary>
    public const string FailedCredentials = "failed-credentials";
}
