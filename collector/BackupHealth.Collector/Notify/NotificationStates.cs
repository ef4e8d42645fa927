namespace BackupHealth.Collector.Notify;

/// <summary>The words stored in <c>notifications.state</c>.</summary>
internal static class NotificationStates
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Pending, Sent, Failed];
}
