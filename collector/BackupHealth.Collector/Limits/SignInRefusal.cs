using BackupHealth.Collector.Expectations;
using Microsoft.AspNetCore.Http;

namespace BackupHealth.Collector.Limits;

/// <summary>What a refused sign-in is told, and the page it gets: what happened and when to try again, in the sign-in
/// page's own look (<see cref="Web.NoticePage"/>).</summary>
internal static class SignInRefusal
{
    /// <summary>The address used up its failed sign-ins (<c>SignInFailuresPerAddress</c>).</summary>
    public const string TooManyFailures = "failures";

    /// <summary>The address used up its sign-in attempts (<c>SignInAttemptsPerAddress</c>).</summary>
    public const string TooManyAttempts = "attempts";

    public static string FailuresMessage(FailureWindow window, TimeSpan wait) =>
        $"Too many failed sign-ins from your address ({window.Limit} within {DurationText.Format(window.Window)}). "
        + $"Try again in {DurationText.Format(RoundUp(wait))}.";

    public static string AttemptsMessage(AttemptBuckets buckets, TimeSpan wait) =>
        $"Too many sign-in attempts from your address (more than {buckets.Capacity} within {DurationText.Format(buckets.Window)}). "
        + $"Try again in {DurationText.Format(RoundUp(wait))}.";

    public static Task WriteAsync(HttpResponse response, string message, CancellationToken cancellationToken) =>
        Web.NoticePage.WriteAsync(response, "Sign in", message, "/signin", "Back to sign in", cancellationToken);

    /// <summary>Whole seconds, at least one: what <c>Retry-After</c> says and the page rounds to.</summary>
    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    private static TimeSpan RoundUp(TimeSpan wait) => TimeSpan.FromSeconds(Seconds(wait));
}
