using System.Globalization;
using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Audit;

namespace BackupHealth.Collector.Audit;

/// <summary>The short texts rows carry for changes made both on a page and through the API, so both read alike.</summary>
internal static class AuditDetails
{
    public static string Silence(NewSilence silence)
    {
        ArgumentNullException.ThrowIfNull(silence);
        var matchers = new[] { ("customer", silence.Customer), ("site", silence.Site), ("agent", silence.Agent), ("job", silence.Job), ("rule", silence.Rule) }
            .Where(m => m.Item2 is not null).Select(m => $"{m.Item1}={m.Item2}");
        return $"{string.Join(", ", matchers)}; {Time(silence.StartsAt)} to {Time(silence.EndsAt)}; {silence.Comment}";
    }

    public static string Window(NewMaintenanceWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var when = window.Recurring is { } r
            ? $"{(r.Days is null ? "daily" : string.Join(" ", r.Days.Order().Select(d => d.ToString()[..3].ToLowerInvariant())))} "
              + $"{r.Start.ToString("HH:mm", CultureInfo.InvariantCulture)} for {r.Duration.ToString("c", CultureInfo.InvariantCulture)} {r.Zone.Id}"
            : $"{Time(window.StartsAt!.Value)} to {Time(window.EndsAt!.Value)}";
        return $"site {window.Site}; {when}; {window.Comment}";
    }

    /// <summary>What an expectation was set to, in the words of the request.</summary>
    public static string Expectation(string? interval, string? schedule, string? grace) =>
        string.Join(", ", new[] { ("interval", interval), ("schedule", schedule), ("grace", grace) }
            .Where(p => !string.IsNullOrWhiteSpace(p.Item2)).Select(p => $"{p.Item1} {p.Item2!.Trim()}"));

    public static string Comment(string comment) => comment.Length == 0 ? "" : "comment: " + comment;

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
