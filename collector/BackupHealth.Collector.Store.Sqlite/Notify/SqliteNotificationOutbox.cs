using System.Text.Json;
using BackupHealth.Collector.Notify;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Notify;

/// <summary>Tables <c>notifications</c> and <c>notification_alerts</c> inside the evaluator's transaction: a
/// notification is stored together with the alert changes it reports.</summary>
internal sealed class SqliteNotificationOutbox(SqliteConnection connection, SqliteTransaction transaction) : INotificationOutbox
{
    public long Add(RoutedNotification routed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(routed);
        using var insert = Command("""
            INSERT INTO notifications (channel, site_id, created_at, payload, summary, state, attempts, next_attempt_at)
            VALUES ($channel, $site, $now, $payload, $summary, 'pending', 0, $now)
            RETURNING id
            """);
        insert.Parameters.AddWithValue("$channel", routed.Channel);
        insert.Parameters.AddWithValue("$site", routed.Notification.SiteId);
        insert.Parameters.AddWithValue("$now", UnixMs.From(now));
        insert.Parameters.AddWithValue("$payload", JsonSerializer.Serialize(routed.Notification, NotifyJsonContext.Default.SiteNotification));
        insert.Parameters.AddWithValue("$summary", NotificationText.Headline(routed.Notification));
        var id = (long)insert.ExecuteScalar()!;

        using var alert = Command(
            "INSERT OR IGNORE INTO notification_alerts (alert_id, notification_id, change) VALUES ($alert, $id, $change)");
        var alertId = alert.Parameters.Add("$alert", SqliteType.Integer);
        alert.Parameters.AddWithValue("$id", id);
        var change = alert.Parameters.Add("$change", SqliteType.Text);
        foreach (var c in routed.Notification.Changes)
        {
            alertId.Value = c.AlertId;
            change.Value = NotificationText.ChangeName(c.Kind);
            alert.ExecuteNonQuery();
        }

        return id;
    }

    public IReadOnlySet<string> ChannelsNotifiedOf(long alertId)
    {
        using var command = Command("""
            SELECT DISTINCT n.channel FROM notification_alerts a JOIN notifications n ON n.id = a.notification_id
            WHERE a.alert_id = $alert AND a.change <> 'resolved'
            """);
        command.Parameters.AddWithValue("$alert", alertId);
        using var reader = command.ExecuteReader();
        var channels = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read())
        {
            channels.Add(reader.GetString(0));
        }

        return channels;
    }

    private SqliteCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
