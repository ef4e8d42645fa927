using System.Text.Json;
using BackupHealth.Collector.Store;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Notify;

/// <summary>The <c>notifications</c> table: insert inside a caller's transaction, take what is due, record the
/// outcome of an attempt, list and re-queue for the API. Writes outside the caller's transaction go through a write
/// connection of their own; SQLite serialises them with the store writer (busy_timeout).</summary>
internal sealed class NotificationStore(SqliteConnectionFactory connections)
{
    public static long Insert(SqliteConnection connection, SqliteTransaction transaction, RoutedNotification routed, long now)
    {
        ArgumentNullException.ThrowIfNull(routed);
        using var insert = Command(connection, transaction, """
            INSERT INTO notifications (channel, site_id, created_at, payload, summary, state, attempts, next_attempt_at)
            VALUES ($channel, $site, $now, $payload, $summary, 'pending', 0, $now)
            RETURNING id
            """);
        insert.Parameters.AddWithValue("$channel", routed.Channel);
        insert.Parameters.AddWithValue("$site", routed.Notification.SiteId);
        insert.Parameters.AddWithValue("$now", now);
        insert.Parameters.AddWithValue("$payload", JsonSerializer.Serialize(routed.Notification, NotifyJsonContext.Default.SiteNotification));
        insert.Parameters.AddWithValue("$summary", NotificationText.Headline(routed.Notification));
        var id = (long)insert.ExecuteScalar()!;

        using var alert = Command(connection, transaction,
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

    /// <summary>The channels that were given a firing change of the alert (sent or still to be sent).</summary>
    public static IReadOnlySet<string> ChannelsNotifiedOf(SqliteConnection connection, SqliteTransaction transaction, long alertId)
    {
        using var command = Command(connection, transaction, """
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

    /// <summary>Pending rows due at <paramref name="now"/>, oldest first.</summary>
    /// <remarks>Read inside an IMMEDIATE transaction: it waits for a writer that is still inserting notifications
    /// (the evaluator signals the dispatcher from inside its transaction) and then sees them, instead of reading a
    /// snapshot from just before their commit.</remarks>
    public IReadOnlyList<DueNotification> TakeDue(long now, int limit)
    {
        using var connection = connections.OpenWriter();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = Command(connection, transaction, """
            SELECT id, channel, payload, attempts FROM notifications
            WHERE state = 'pending' AND next_attempt_at <= $now
            ORDER BY next_attempt_at, id
            LIMIT $limit
            """);
        command.Parameters.AddWithValue("$now", now);
        command.Parameters.AddWithValue("$limit", limit);
        var due = new List<DueNotification>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                due.Add(new DueNotification(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
            }
        }

        transaction.Commit();
        return due;
    }

    public void MarkSent(long id, int attempts, long now) =>
        Update(id, "UPDATE notifications SET state = 'sent', attempts = $attempts, sent_at = $now, next_attempt_at = NULL WHERE id = $id",
            ("$attempts", attempts), ("$now", now));

    public void MarkRetry(long id, int attempts, long nextAttemptAt, string error) =>
        Update(id, "UPDATE notifications SET attempts = $attempts, next_attempt_at = $next, last_error = $error WHERE id = $id",
            ("$attempts", attempts), ("$next", nextAttemptAt), ("$error", error));

    public void MarkFailed(long id, int attempts, string error) =>
        Update(id, "UPDATE notifications SET state = 'failed', attempts = $attempts, next_attempt_at = NULL, last_error = $error WHERE id = $id",
            ("$attempts", attempts), ("$error", error));

    /// <summary>Puts a failed notification back in the queue with a fresh set of attempts.</summary>
    public RequeueResult Requeue(long id, long now)
    {
        using var connection = connections.OpenWriter();
        using var command = Command(connection, null, """
            UPDATE notifications SET state = 'pending', attempts = 0, next_attempt_at = $now
            WHERE id = $id AND state = 'failed'
            """);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", now);
        if (command.ExecuteNonQuery() == 1)
        {
            return RequeueResult.Requeued;
        }

        command.CommandText = "SELECT count(*) FROM notifications WHERE id = $id";
        return (long)command.ExecuteScalar()! == 0 ? RequeueResult.NotFound : RequeueResult.NotFailed;
    }

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<NotificationRecord>> ListAsync(string? state, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT n.id, n.channel, c.name, s.name, n.created_at, n.state, n.attempts, n.next_attempt_at, n.last_error,
                   n.sent_at, n.summary
            FROM notifications n JOIN sites s ON s.id = n.site_id JOIN customers c ON c.id = s.customer_id
            WHERE $state IS NULL OR n.state = $state
            ORDER BY n.id DESC
            LIMIT $limit
            """;
        command.Parameters.AddWithValue("$state", (object?)state ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<NotificationRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new NotificationRecord(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), UnixMs.ToUtc(reader.GetInt64(4)),
                reader.GetString(5), reader.GetInt32(6), NullableTime(reader, 7), reader.IsDBNull(8) ? null : reader.GetString(8),
                NullableTime(reader, 9), reader.GetString(10)));
        }

        return list;
    }

    private void Update(long id, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = connections.OpenWriter();
        using var command = Command(connection, null, sql);
        command.Parameters.AddWithValue("$id", id);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static DateTime? NullableTime(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : UnixMs.ToUtc(reader.GetInt64(ordinal));
}

/// <summary>A pending notification whose time has come; <see cref="Payload"/> is the routed SiteNotification as JSON.</summary>
internal sealed record DueNotification(long Id, string Channel, string Payload, int Attempts);

/// <summary>One row as the API shows it.</summary>
internal sealed record NotificationRecord(
    long Id, string Channel, string Customer, string Site, DateTime CreatedAt, string State, int Attempts,
    DateTime? NextAttemptAt, string? LastError, DateTime? SentAt, string Summary);

internal enum RequeueResult
{
    Requeued,
    NotFound,
    NotFailed,
}
