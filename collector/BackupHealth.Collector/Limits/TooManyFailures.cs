using Microsoft.AspNetCore.Http;

namespace BackupHealth.Collector.Limits;

/// <summary>The page a refused sign-in gets: what happened and when to try again, in the sign-in page's own look.</summary>
internal static class TooManyFailures
{
    public static string Message(FailureWindow window, TimeSpan wait) =>
        $"Too many failed sign-ins from your address ({window.Limit} within {Expectations.DurationText.Format(window.Window)}). "
        + $"Try again in {Expectations.DurationText.Format(RoundUp(wait))}.";

    public static Task WriteAsync(HttpResponse response, FailureWindow window, TimeSpan wait, CancellationToken cancellationToken) =>
        Web.NoticePage.WriteAsync(response, "Sign in", Message(window, wait), "/signin", "Back to sign in", cancellationToken);

    private static TimeSpan RoundUp(TimeSpan wait) => TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(wait.TotalSeconds)));
}
