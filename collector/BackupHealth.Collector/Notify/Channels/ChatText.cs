using BackupHealth.Collector.Model;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>Limits and small pieces the chat formats share.</summary>
internal static class ChatText
{
    /// <summary>Chat messages list at most this many alerts and say how many more there are: a longer message is not
    /// read anyway, and the site's grid shows them all.</summary>
    public const int MaxAlerts = 40;

    /// <summary>Recent runs shown per alert in a chat message (the e-mail shows all it has).</summary>
    public const int MaxRuns = 3;

    /// <summary>The most a whole chat body may take, measured as the serialized UTF-8 bytes that are posted. Teams
    /// Workflows refuse a post above about 28 KB after answering 202, so the message is lost without an error; Slack
    /// takes more, but a message that long is not read at 3 a.m. either.</summary>
    public const int MaxBodyBytes = 27_000;

    /// <summary>An agent's detail or a run's message beyond this is cut: one alert must not crowd out the others.</summary>
    public const int MaxDetail = 1_000;

    public const int MaxRunMessage = 200;

    public static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>A run in the customer's zone; the time and the size never wrap.</summary>
    public static string Run(RunSummary run, TimeZoneInfo zone) =>
        $"{StatusNames.Of(run.Status)} {NotificationText.NoWrap(NotificationText.Time(run.RunTime, zone))} · {NotificationText.NoWrap(Figures.Size(run.SizeBytes))}"
        + (string.IsNullOrWhiteSpace(run.Message) ? "" : " · " + Truncate(NotificationText.OneLine(run.Message), MaxRunMessage));

    public static string Footer(Delivery delivery) =>
        FormattableString.Invariant($"BackupHealth notification {delivery.Id} · {NotificationText.Time(delivery.Notification.At)}");

    /// <summary>The last line of a message that could not list every alert.</summary>
    public static string More(int left) => FormattableString.Invariant($"…and {left} more — open the site");

    /// <summary>The change's event id as a block's or element's id: none when empty, too long for
    /// <paramref name="maxLength"/> or already used in the message (ids must be unique within it).</summary>
    public static string? IdOnce(string eventId, ISet<string> used, int maxLength = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        ArgumentNullException.ThrowIfNull(used);
        return eventId.Length > 0 && eventId.Length <= maxLength && used.Add(eventId) ? eventId : null;
    }

    /// <summary>The alerts of <paramref name="candidates"/> that fit, in order: at most <paramref name="maxItems"/>,
    /// and together at most <paramref name="room"/> bytes, each taking its serialized size and the comma before it.</summary>
    public static List<T> Fit<T>(IEnumerable<T> candidates, int maxItems, int room, Func<T, int> bytes)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(bytes);
        var fitted = new List<T>();
        foreach (var candidate in candidates)
        {
            if (fitted.Count >= maxItems)
            {
                break;
            }

            var size = bytes(candidate) + 1;
            if (size > room)
            {
                break;
            }

            room -= size;
            fitted.Add(candidate);
        }

        return fitted;
    }
}
