using BackupHealth.Collector.Notify;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Notify;

/// <summary>The <c>notifications</c> table for the dispatcher and the API: claim what is due, record the outcome of
/// an attempt, list and re-queue. Each write is one statement on a write connection of its own; SQLite serialises them
/// with the store writer (busy_timeout). A failed write is a <see cref="StoreUnavailableException"/>.</summary>
internal sealed class SqliteNotificationQueue(SqliteConnectionFactory connections) : INotificationQueue
{
    /// <remarks>One UPDATE on the write connection: it waits for a writer that is still queueing notifications (the
    /// evaluator signals the dispatcher from inside its unit of work) and then sees them, instead of reading a snapshot
    /// from just before their commit.</remarks>
    public IReadOnlyList<DueNotification> ClaimDue(string owner, DateTimeOffset now, TimeSpan lease, int limit) => Write(connection =>
    {
        using var command = Command(connection, null, """
            UPDATE notifications SET claimed_by = $owner, claimed_until = $until
            WHERE id IN (SELECT id FROM notifications
                         WHERE state = 'pending' AND next_attempt_at <= $now AND (claimed_until IS NULL OR claimed_until <= $now)
                         ORDER BY next_attempt_at, id
                         LIMIT $limit)
            RETURNING id, channel, payload, attempts, next_attempt_at
            """);
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$now", UnixMs.From(now));
        command.Parameters.AddWithValue("$until", UnixMs.From(now + lease));
        command.Parameters.AddWithValue("$limit", limit);
        var due = new List<(long Next, DueNotification Row)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                due.Add((reader.GetInt64(4), new DueNotification(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3))));
            }
        }

        // RETURNING gives rows in no set order.
        return (IReadOnlyList<DueNotification>)[.. due.OrderBy(d => d.Next).ThenBy(d => d.Row.Id).Select(d => d.Row)];
    });

    public void MarkSent(long id, int attempts, DateTimeOffset now) =>
        Update(id, """
            UPDATE notifications SET state = 'sent', attempts = $attempts, sent_at = $now, next_attempt_at = NULL,
                claimed_by = NULL, claimed_until = NULL
            WHERE id = $id
            """, ("$attempts", attempts), ("$now", UnixMs.From(now)));

    public void MarkRetry(long id, int attempts, DateTimeOffset nextAttemptAt, string error) =>
        Update(id, """
            UPDATE notifications SET attempts = $attempts, next_attempt_at = $next, last_error = $error,
                claimed_by = NULL, claimed_until = NULL
            WHERE id = $id
            """, ("$attempts", attempts), ("$next", UnixMs.From(nextAttemptAt)), ("$error", error));

    public void MarkFailed(long id, int attempts, string error) =>
        Update(id, """
            UPDATE notifications SET state = 'failed', attempts = $attempts, next_attempt_at = NULL, last_error = $error,
                claimed_by = NULL, claimed_until = NULL
            WHERE id = $id
            """, ("$attempts", attempts), ("$error", error));

    public void Release(string owner, IEnumerable<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var list = ids.ToArray();
        if (list.Length == 0)
        {
            return;
        }

        // One statement for every row given back, not a write per row.
        Write(connection =>
        {
            using var command = Command(connection, null, """
                UPDATE notifications SET claimed_by = NULL, claimed_until = NULL
                WHERE id IN (SELECT value FROM json_each($ids)) AND claimed_by = $owner AND state = 'pending'
                """);
            command.Parameters.AddWithValue("$ids", "[" + string.Join(",", list) + "]");
            command.Parameters.AddWithValue("$owner", owner);
            return command.ExecuteNonQuery();
        });
    }

    /// <summary>Puts a failed notification back in the queue with a fresh set of attempts.</summary>
    public RequeueResult Requeue(long id, DateTimeOffset now) => Write(connection =>
    {
        using var command = Command(connection, null, """
            UPDATE notifications SET state = 'pending', attempts = 0, next_attempt_at = $now, claimed_by = NULL, claimed_until = NULL
            WHERE id = $id AND state = 'failed'
            """);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", UnixMs.From(now));
        if (command.ExecuteNonQuery() == 1)
        {
            return RequeueResult.Requeued;
        }

        command.CommandText = "SELECT count(*) FROM notifications WHERE id = $id";
        return (long)command.ExecuteScalar()! == 0 ? RequeueResult.NotFound : RequeueResult.NotFailed;
    });

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

    private void Update(long id, string sql, params (string Name, object Value)[] parameters) => Write(connection =>
    {
        using var command = Command(connection, null, sql);
        command.Parameters.AddWithValue("$id", id);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    });

    private T Write<T>(Func<SqliteConnection, T> work)
    {
        try
        {
            using var connection = connections.OpenWriter();
            return work(connection);
        }
        catch (SqliteException ex)
        {
            throw new StoreUnavailableException("the notification queue could not be written: " + ex.Message, ex);
        }
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
