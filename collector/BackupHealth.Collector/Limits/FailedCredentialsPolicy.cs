using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Limits;

/// <summary>The <see cref="LimitPolicies.FailedCredentials"/> policy: one partition per source address, consulted
/// before the endpoint looks at the name and password — failed sign-ins and then all sign-in attempts of the address
/// (<see cref="SignInGateLimiter"/>). Reading the form (GET) is never limited.</summary>
internal sealed class FailedCredentialsPolicy(SignInFailures failures, SignInAttempts attempts, ILogger<FailedCredentialsPolicy> logger)
    : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (HttpMethods.IsGet(httpContext.Request.Method) || HttpMethods.IsHead(httpContext.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        return RateLimitPartition.Get(AddressKey.Of(httpContext.Connection.RemoteIpAddress),
            address => new SignInGateLimiter(failures, attempts, address, logger));
    }

    private async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var lease = context.Lease;
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : failures.Window.Window;
        var tooManyAttempts = lease.TryGetMetadata(MetadataName.ReasonPhrase, out var reason) && reason == SignInRefusal.TooManyAttempts;
        var seconds = SignInRefusal.Seconds(wait);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var address = AddressKey.Of(context.HttpContext.Connection.RemoteIpAddress);
        if (tooManyAttempts)
        {
            Log.SignInAttemptRefused(logger, address, seconds);
        }
        else
        {
            Log.SignInRefused(logger, address, seconds);
        }

        await SignInRefusal.WriteAsync(response,
            tooManyAttempts ? SignInRefusal.AttemptsMessage(attempts.Buckets, wait) : SignInRefusal.FailuresMessage(failures.Window, wait),
            cancellationToken);
    }
}
