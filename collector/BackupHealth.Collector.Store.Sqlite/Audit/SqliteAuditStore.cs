using System.Text.Json;
using BackupHealth.Collector.Audit;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Audit;

/// <summary>The audit log in <c>audit_log</c>: reads on a pooled read-only connection, each append one INSERT through
/// the store's writer. The INSERT below is the only SQL that writes the table: rows are never updated or
/// deleted.</summary>
internal sealed class SqliteAuditStore(SqliteConnectionFactory connections, StoreWriter writer) : IAuditStore
{
    public async Task AppendAsync(AuditEntry entry, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            await writer.WriteAsync((connection, transaction) => Insert(connection, transaction, entry, UnixMs.From(at)));
        }
        catch (SqliteException e)
        {
            throw new StoreUnavailableException("the audit row was not stored: " + e.Message, e);
        }
    }

    public async Task<(IReadOnlyList<AuditRow> Rows, long? Next)> ReadAsync(AuditFilter filter, AuditScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT l.id, l.at, l.actor, l.address, l.action, l.target, l.customer, l.detail,
                   (SELECT u.username FROM api_tokens t JOIN users u ON u.id = t.user_id
                    WHERE l.actor LIKE 'api-token:%' AND substr(t.token_hash, 1, 12) = substr(l.actor, 11))
            FROM audit_log l
            WHERE ($from IS NULL OR l.at >= $from) AND ($to IS NULL OR l.at < $to)
              AND ($actor IS NULL OR l.actor = $actor)
              AND ($action IS NULL OR substr(l.action, 1, length($action)) = $action)
              AND ($customer IS NULL OR l.customer = $customer)
              AND ($before IS NULL OR l.id < $before)
              AND ($customers IS NULL
                   OR l.customer IN (SELECT value FROM json_each($customers))
                   OR (l.customer IS NULL AND (l.actor = $me OR l.actor IN
                       (SELECT 'api-token:' || substr(token_hash, 1, 12) FROM api_tokens WHERE user_id = $meId))))
            ORDER BY l.id DESC
            LIMIT $limit
            """;
        Add(command, "$from", filter.From is { } from ? UnixMs.From(from) : null);
        Add(command, "$to", filter.To is { } to ? UnixMs.From(to) : null);
        Add(command, "$actor", filter.Actor);
        Add(command, "$action", filter.Action);
        Add(command, "$customer", filter.Customer);
        Add(command, "$before", filter.Before);
        Add(command, "$customers", scope.Customers is null ? null : JsonSerializer.Serialize(scope.Customers.ToArray(), AuditJsonContext.Default.StringArray));
        Add(command, "$me", scope.Username);
        Add(command, "$meId", scope.UserId);
        // One more than asked tells whether an older page exists.
        Add(command, "$limit", filter.Limit + 1);
        using var r = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<AuditRow>();
        while (await r.ReadAsync(cancellationToken))
        {
            rows.Add(new AuditRow(r.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), r.GetString(2), Text(r, 8),
                Text(r, 3), r.GetString(4), r.GetString(5), Text(r, 6), r.GetString(7)));
        }

        return rows.Count > filter.Limit ? (rows[..filter.Limit], rows[filter.Limit - 1].Id) : (rows, null);
    }

    private static int Insert(SqliteConnection connection, SqliteTransaction transaction, AuditEntry entry, long at)
    {
        var (kind, key) = AuditTargets.Split(entry.Target);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // A job, alert or site target names its customer unless the caller did: limited technicians filter by it.
        command.CommandText = """
            INSERT INTO audit_log (at, actor, address, action, target, customer, detail)
            VALUES ($at, $actor, $address, $action, $target, coalesce($customer, CASE $kind
                WHEN 'job' THEN (SELECT c.name FROM jobs j JOIN agents a ON a.id = j.agent_id JOIN sites s ON s.id = a.site_id
                                 JOIN customers c ON c.id = s.customer_id WHERE j.id = $key)
                WHEN 'alert' THEN (SELECT c.name FROM alerts al JOIN sites s ON s.id = al.site_id JOIN customers c ON c.id = s.customer_id
                                   WHERE al.id = $key)
                WHEN 'site' THEN (SELECT c.name FROM sites s JOIN customers c ON c.id = s.customer_id WHERE s.id = $key)
                END), $detail)
            """;
        Add(command, "$at", at);
        Add(command, "$actor", entry.Actor);
        Add(command, "$address", entry.Address);
        Add(command, "$action", entry.Action);
        Add(command, "$target", entry.Target);
        Add(command, "$customer", entry.Customer);
        Add(command, "$kind", kind);
        Add(command, "$key", key);
        Add(command, "$detail", entry.Detail);
        return command.ExecuteNonQuery();
    }

    private static string? Text(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static void Add(SqliteCommand command, string name, object? value) => command.Parameters.AddWithValue(name, value ?? DBNull.Value);
}
