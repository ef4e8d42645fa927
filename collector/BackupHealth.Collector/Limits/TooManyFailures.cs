using Microsoft.AspNetCore.Http;

namespace BackupHealth.Collector.Limits;

/// <summary>The page a refused sign-in gets: what happened and when to try again, in the sign-in page's own look. No
/// user input is echoed, so there is nothing to encode.</summary>
internal static class TooManyFailures
{
    public static string Message(FailureWindow window, TimeSpan wait) =>
        $"Too many failed sign-ins from your address ({window.Limit} within {Expectations.DurationText.Format(window.Window)}). "
        + $"Try again in {Expectations.DurationText.Format(RoundUp(wait))}.";

    public static Task WriteAsync(HttpResponse response, FailureWindow window, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.ContentType = "text/html; charset=utf-8";
        return response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Sign in · BackupHealth</title><link rel="stylesheet" href="/assets/site.css"></head>
            <body><main><section class="signin"><h1>BackupHealth</h1>
            <p class="problem" role="alert">{Message(window, wait)}</p>
            <p><a href="/signin">Back to sign in</a></p>
            </section></main></body>
            </html>
            """, cancellationToken);
    }

    private static TimeSpan RoundUp(TimeSpan wait) => TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(wait.TotalSeconds)));
}
