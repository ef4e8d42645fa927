using BackupHealth.Collector.Hosting;
using Microsoft.AspNetCore.Http;

namespace BackupHealth.Collector.Web;

/// <summary>Defence in depth behind Razor's encoding, on every response of the web surface: scripts and styles only
/// from the collector itself (no inline script can run, whatever a job name contains), no framing, no sniffing; and
/// HSTS, but only on a response that came over HTTPS (a browser ignores it over plain HTTP, and the web listener has
/// no TLS of its own yet).</summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    private const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>One year, as browsers' preload lists expect; no <c>includeSubDomains</c>: the collector does not know
    /// what else runs under its domain.</summary>
    internal const string HstsValue = "max-age=31536000";

    /// <summary>The <c>Strict-Transport-Security</c> value for a response, or null when it must not be sent: over
    /// plain HTTP it would be ignored at best, and a proxy that terminates TLS sends its own.</summary>
    internal static string? StrictTransportSecurity(bool isHttps) => isHttps ? HstsValue : null;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<SurfaceMetadata>()?.Surface != Surface.Grpc)
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            if (StrictTransportSecurity(context.Request.IsHttps) is { } hsts)
            {
                headers.StrictTransportSecurity = hsts;
            }
        }

        return next(context);
    }
}
