using System.Globalization;
using BackupHealth.Collector.Rules;

namespace BackupHealth.Collector.Notify;

/// <summary>Words and formats every channel uses, so an e-mail, a chat message and the API say the same thing.</summary>
internal static class NotificationText
{
    /// <summary>Firing changes first, the most severe first; then the resolved ones. Stable otherwise.</summary>
    public static IReadOnlyList<AlertChange> Ordered(IEnumerable<AlertChange> changes) =>
        [.. changes.OrderBy(c => IsFiring(c) ? 0 : 1).ThenByDescending(c => IsFiring(c) ? (int)c.Severity : 0)];

    /// <summary>Fired, repeated or released: a problem being announced (an acknowledgement or a resolve is news about one).</summary>
    public static bool IsFiring(AlertChange change) => change.Kind is AlertChangeKind.Fired or AlertChangeKind.Repeated or AlertChangeKind.Released;

    /// <summary>The alert's state after the change: <c>firing</c>, <c>acknowledged</c> or <c>resolved</c>.</summary>
    public static string State(AlertChange change) => change.Kind switch
    {
        AlertChangeKind.Resolved => "resolved",
        AlertChangeKind.Acknowledged => "acknowledged",
        _ => "firing",
    };

    /// <summary>E.g. <c>CRITICAL Contoso Ltd / Head office: SQL01 nightly failed (+2 more)</c>, or <c>RESOLVED ...</c>
    /// when nothing in it still fires.</summary>
    public static string Headline(SiteNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var ordered = Ordered(notification.Changes);
        if (ordered.Count == 0)
        {
            return $"{notification.Customer} / {notification.Site}";
        }

        var first = ordered[0];
        var label = IsFiring(first) ? SeverityLabel(first.Severity) : first.Kind == AlertChangeKind.Acknowledged ? "ACKNOWLEDGED" : "RESOLVED";
        var more = ordered.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" (+{ordered.Count - 1} more)") : "";
        return OneLine($"{label} {notification.Customer} / {notification.Site}: {first.Title}{more}");
    }

    public static string SeverityLabel(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => "CRITICAL",
        _ => "WARNING",
    };

    /// <summary>How the change reads to a person: FIRING, STILL FIRING, FIRING AGAIN (after a silence), RESOLVED.</summary>
    public static string ChangeLabel(AlertChangeKind kind) => kind switch
    {
        AlertChangeKind.Fired => "FIRING",
        AlertChangeKind.Repeated => "STILL FIRING",
        AlertChangeKind.Released => "FIRING (silence ended)",
        AlertChangeKind.Acknowledged => "ACKNOWLEDGED",
        _ => "RESOLVED",
    };

    /// <summary>The words of the generic webhook: <c>fired|repeated|released|resolved</c>.</summary>
    public static string ChangeName(AlertChangeKind kind) => kind switch
    {
        AlertChangeKind.Fired => "fired",
        AlertChangeKind.Repeated => "repeated",
        AlertChangeKind.Released => "released",
        AlertChangeKind.Acknowledged => "acknowledged",
        _ => "resolved",
    };

    public static string SeverityName(AlertSeverity severity) => severity == AlertSeverity.Critical ? "critical" : "warning";

    public static string Time(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? value) => value is { } v ? Time(v) : "-";

    /// <summary>Decimal units, one decimal: <c>182.0 GB</c>.</summary>
    public static string Size(long bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB", "PB"];
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    /// <summary>Line breaks in titles would break a subject or a table row.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', (text ?? "").Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
