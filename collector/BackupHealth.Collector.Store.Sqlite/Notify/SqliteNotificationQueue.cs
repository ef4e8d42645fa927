using BackupHealth.Collector.Notify;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Notify;

/// <summary>The <c>notifications</c> table for the dispatcher and the API: claim what is due, record the outcome of
/// an attempt, list and re-queue. Each write is one statement through the store's writer. A failed write is a
/// <see cref="StoreUnavailableException"/>.</summary>
internal sealed class SqliteNotificationQueue(SqliteConnectionFactory connections, StoreWriter writer) : INotificationQueue
{
    /// <remarks>One UPDATE through the writer: queued after a unit of work that is still queueing notifications (the
    /// evaluator signals the dispatcher from inside it), it sees them, instead of reading a snapshot from just before
    /// their commit.</remarks>
    public Task<IReadOnlyList<DueNotification>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int limit) => WriteAsync((connection, transaction) =>
    {
        using var command = Command(connection, transaction, """
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

    public Task MarkSentAsync(long id, int attempts, DateTimeOffset now) =>
        UpdateAsync(id, """
            UPDATE notifications SET state = 'sent', attempts = $attempts, sent_at = $now, next_attempt_at = NULL,
                claimed_by = NULL, claimed_until = NULL
            WHERE id = $id
            """, ("$attempts", attempts), ("$now", UnixMs.From(now)));

    public Task MarkRetryAsync(long id, int attempts, DateTimeOffset nextAttemptAt, string error) =>
        UpdateAsync(id, """
            UPDATE notifications SET attempts = $attempts, next_attempt_at = $next, last_error = $error,
                claimed_by = NULL, claimed_until = NULL
            WHERE id = $id
            """, ("$attempts", attempts), ("$next", UnixMs.From(nextAttemptAt)), ("$error", error));

    public Task MarkFailedAsync(long id, int attempts, string error) =>
        UpdateAsync(id, """
            UPDATE notifications SET state = 'failed', attempts = $attempts, next_attempt_at = NULL, last_error = $error,
                claimed_by = NULL, claimed_until = NULL
            WHERE id = $id
            """, ("$attempts", attempts), ("$error", error));

    public Task ReleaseAsync(string owner, IEnumerable<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var list = ids.ToArray();
        if (list.Length == 0)
        {
            return Task.CompletedTask;
        }

        // One statement for every row given back, not a write per row.
        return WriteAsync((connection, transaction) =>
        {
            using var command = Command(connection, transaction, """
                UPDATE notifications SET claimed_by = NULL, claimed_until = NULL
                WHERE id IN (SELECT value FROM json_each($ids)) AND claimed_by = $owner AND state = 'pending'
                """);
            command.Parameters.AddWithValue("$ids", "[" + string.Join(",", list) + "]");
            command.Parameters.AddWithValue("$owner", owner);
            return command.ExecuteNonQuery();
        });
    }

    /// <summary>Puts a failed notification back in the queue with a fresh set of attempts.</summary>
    public Task<RequeueResult> RequeueAsync(long id, DateTimeOffset now) => WriteAsync((connection, transaction) =>
    {
        using var command = Command(connection, transaction, """
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

    private Task<int> UpdateAsync(long id, string sql, params (string Name, object Value)[] parameters) => WriteAsync((connection, transaction) =>
    {
        using var command = Command(connection, transaction, sql);
        command.Parameters.AddWithValue("$id", id);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    });

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        try
        {
            return await writer.WriteAsync(work);
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
