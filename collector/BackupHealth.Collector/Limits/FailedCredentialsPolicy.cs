using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Limits;

/// <summary>The <see cref="LimitPolicies.FailedCredentials"/> policy: one partition per source address, consulted
/// before the endpoint looks at the name and password. Reading the form (GET) is never limited.</summary>
internal sealed class FailedCredentialsPolicy(SignInFailures failures, ILogger<FailedCredentialsPolicy> logger) : IRateLimiterPolicy<string>
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
            address => new FailureGateLimiter(failures.Window, address));
    }

    private async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : failures.Window.Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        Log.SignInRefused(logger, AddressKey.Of(context.HttpContext.Connection.RemoteIpAddress), seconds);
        await TooManyFailures.WriteAsync(response, failures.Window, wait, cancellationToken);
    }
}
