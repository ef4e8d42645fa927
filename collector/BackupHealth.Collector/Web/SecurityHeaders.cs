using BackupHealth.Collector.Hosting;
using Microsoft.AspNetCore.Http;

namespace BackupHealth.Collector.Web;

/// <summary>Defence in depth behind Razor's encoding, on every response of the web surface: scripts and styles only
/// from the collector itself (no inline script can run, whatever a job name contains), no framing, no sniffing.</summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    private const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<SurfaceMetadata>()?.Surface != Surface.Grpc)
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
        }

        return next(context);
    }
}
