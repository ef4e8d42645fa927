using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace BackupHealth.VendorFakes.XenServer;

/// <summary>xapi reads a request body only by its <c>Content-Length</c> (<c>ocaml/libs/http-lib/http_svr.ml</c>,
/// <c>read_body</c>: <c>failwith "We require a content-length: HTTP header"</c>). The JSON-RPC handler calls it before
/// anything else, and the server's catch-all turns the failure into its generic 500 page naming the exception, then
/// closes the connection.</summary>
internal static class XapiBodyRule
{
    public const string InternalErrorPage =
        "<html><body><h1>HTTP 500 internal server error</h1>An unexpected error occurred; please wait a while and try " +
        "again. If the problem persists, please contact your support representative.<h1> Additional information </h1>" +
        "Failure(&quot;We require a content-length: HTTP header&quot;)</body></html>";

    /// <returns>True when the request was refused (and answered) for want of a Content-Length.</returns>
    public static async Task<bool> RefuseWithoutLengthAsync(HttpContext context)
    {
        if (context.Request.ContentLength is not null)
        {
            return false;
        }

        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = "Internal Error";
        context.Response.ContentType = "text/html";
        context.Response.Headers.Connection = "close";
        context.Response.Headers.CacheControl = "no-cache, no-store";
        await context.Response.WriteAsync(InternalErrorPage);
        return true;
    }
}
