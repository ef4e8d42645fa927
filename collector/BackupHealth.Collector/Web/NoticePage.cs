using System.Net;
using Microsoft.AspNetCore.Http;

namespace BackupHealth.Collector.Web;

/// <summary>A page that only says why a request was refused, in the sign-in page's own look, written where no Razor
/// page runs (a rate limiter's answer, a middleware's). The message is encoded.</summary>
internal static class NoticePage
{
    public static Task WriteAsync(HttpResponse response, string title, string message, string link, string linkText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.ContentType = "text/html; charset=utf-8";
        return response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)} · BackupHealth</title><link rel="stylesheet" href="/assets/site.css"></head>
            <body><main><section class="signin"><h1>BackupHealth</h1>
            <p class="problem" role="alert">{WebUtility.HtmlEncode(message)}</p>
            <p><a href="{WebUtility.HtmlEncode(link)}">{WebUtility.HtmlEncode(linkText)}</a></p>
            </section></main></body>
            </html>
            """, cancellationToken);
    }
}
