using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>Limits and small pieces the chat formats share.</summary>
internal static class ChatText
{
    /// <summary>Chat messages list at most this many alerts and say how many more there are: Slack allows 50 blocks,
    /// and a longer card is not read anyway.</summary>
    public const int MaxAlerts = 40;

    /// <summary>Recent runs shown per alert in a chat message (the e-mail shows all it has).</summary>
    public const int MaxRuns = 3;

    public static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    public static string Run(RunSummary run) =>
        $"{StatusNames.Of(run.Status)} {NotificationText.Time(run.RunTime)} · {NotificationText.Size(run.SizeBytes)}"
        + (string.IsNullOrWhiteSpace(run.Message) ? "" : " · " + NotificationText.OneLine(run.Message));

    public static string Footer(Delivery delivery) =>
        FormattableString.Invariant($"BackupHealth notification {delivery.Id} · {NotificationText.Time(delivery.Notification.At)}");
}
