using System.Globalization;
using BackupHealth.Collector.Alerts.Muting;
using BackupHealth.Collector.Store;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Alerts.Api;

/// <summary>The changes people make through the API. Each runs in its own short write transaction on a connection
/// of its own; SQLite serialises it with the ingest writer and the evaluator, so an acknowledgement can never be
/// lost between an evaluation's read and its write.</summary>
internal sealed class AlertCommands(SqliteConnectionFactory connections, TimeProvider time, ChangeFeed? changes = null)
{
    public Task<CommandResult> AcknowledgeAsync(long id, string by, string comment) => InTransactionAsync(OfAlert(id), (c, t) =>
    {
        var now = Now();
        return StateOf(c, t, id) switch
        {
            null => CommandResult.NotFound,
            (AlertStates.Resolved, _) => CommandResult.Conflict($"alert {id} is resolved"),
            (AlertStates.Acknowledged, var ackBy) => CommandResult.Conflict($"alert {id} is already acknowledged by {ackBy}"),
            _ => Done(id, Execute(c, t, """
                UPDATE alerts SET state = 'acknowledged', acknowledged_at = $now, acknowledged_by = $by, ack_comment = $comment,
                    ack_notified = 0
                WHERE id = $id
                """, ("$now", now), ("$by", by), ("$comment", comment), ("$id", id))),
        };
    });

    /// <summary>Resolves by hand. The resolution is notified at the next evaluation (if the firing was); if the
    /// condition still holds then, that evaluation opens a new alert.</summary>
    public Task<CommandResult> ResolveAsync(long id, string by, string comment) => InTransactionAsync(OfAlert(id), (c, t) =>
    {
        var now = Now();
        return StateOf(c, t, id) switch
        {
            null => CommandResult.NotFound,
            (AlertStates.Resolved, _) => CommandResult.Conflict($"alert {id} is already resolved"),
            _ => Done(id, Execute(c, t, """
                UPDATE alerts SET state = 'resolved', resolved_at = $now, resolved_by = $by, resolved_comment = $comment,
                    held_by = NULL
                WHERE id = $id
                """, ("$now", now), ("$by", by), ("$comment", comment), ("$id", id))),
        };
    });

    public Task<CommandResult> CreateSilenceAsync(NewSilence s) => InTransactionAsync((_, _) => ChangeScope.OfOptional(s.Customer), (c, t) => CommandResult.Done(Insert(c, t, """
        INSERT INTO silences (customer, site, agent, job, rule, starts_at, ends_at, comment, created_by, created_at)
        VALUES ($customer, $site, $agent, $job, $rule, $starts, $ends, $comment, $by, $now)
        RETURNING id
        """, ("$customer", s.Customer), ("$site", s.Site), ("$agent", s.Agent), ("$job", s.Job), ("$rule", s.Rule),
        ("$starts", UnixMs.From(s.StartsAt)), ("$ends", UnixMs.From(s.EndsAt)), ("$comment", s.Comment), ("$by", s.By),
        ("$now", Now()))));

    /// <summary>Ends a silence now; one that has not started yet never will. Expiring an expired one changes nothing.</summary>
    public Task<CommandResult> ExpireSilenceAsync(long id) => InTransactionAsync(
        (c, t) => ChangeScope.OfQuery(c, t, "SELECT customer FROM silences WHERE id = $id", ("$id", id)), (c, t) =>
    {
        using var exists = Command(c, t, "SELECT 1 FROM silences WHERE id = $id", ("$id", id));
        if (exists.ExecuteScalar() is null)
        {
            return CommandResult.NotFound;
        }

        Execute(c, t, "UPDATE silences SET ends_at = max(starts_at, $now) WHERE id = $id AND ends_at > $now", ("$now", Now()), ("$id", id));
        return CommandResult.Done(id);
    });

    public Task<CommandResult> CreateWindowAsync(NewMaintenanceWindow w) => InTransactionAsync((_, _) => ChangeScope.OfCustomer(w.Customer), (c, t) =>
    {
        using var find = Command(c, t, """
            SELECT s.id FROM sites s JOIN customers c ON c.id = s.customer_id WHERE c.name = $customer AND s.name = $site
            """, ("$customer", w.Customer), ("$site", w.Site));
        if (find.ExecuteScalar() is not long siteId)
        {
            return CommandResult.Invalid($"there is no site '{w.Site}' of customer '{w.Customer}'");
        }

        var r = w.Recurring;
        return CommandResult.Done(Insert(c, t, """
            INSERT INTO maintenance_windows (site_id, days, start_time, duration_ms, time_zone, starts_at, ends_at, comment,
                created_by, created_at)
            VALUES ($site, $days, $start, $duration, $zone, $starts, $ends, $comment, $by, $now)
            RETURNING id
            """, ("$site", siteId), ("$days", r is null ? null : WeekDays.Format(r.Days)),
            ("$start", r?.Start.ToString("HH:mm", CultureInfo.InvariantCulture)),
            ("$duration", r is null ? null : (long)r.Duration.TotalMilliseconds), ("$zone", r?.Zone.Id),
            ("$starts", w.StartsAt is { } s ? UnixMs.From(s) : null), ("$ends", w.EndsAt is { } e ? UnixMs.From(e) : null),
            ("$comment", w.Comment), ("$by", w.By), ("$now", Now())));
    });

    public Task<CommandResult> DeleteWindowAsync(long id) => InTransactionAsync(
        (c, t) => ChangeScope.OfQuery(c, t, """
            SELECT c.name FROM maintenance_windows w JOIN sites s ON s.id = w.site_id JOIN customers c ON c.id = s.customer_id
            WHERE w.id = $id
            """, ("$id", id)),
        (c, t) =>
        Execute(c, t, "DELETE FROM maintenance_windows WHERE id = $id", ("$id", id)) == 1 ? CommandResult.Done(id) : CommandResult.NotFound);

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static CommandResult Done(long id, int changed) => changed == 1 ? CommandResult.Done(id) : CommandResult.NotFound;

    private static (string State, string? AcknowledgedBy)? StateOf(SqliteConnection c, SqliteTransaction t, long id)
    {
        using var command = Command(c, t, "SELECT state, acknowledged_by FROM alerts WHERE id = $id", ("$id", id));
        using var r = command.ExecuteReader();
        return r.Read() ? (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)) : null;
    }

    private static Func<SqliteConnection, SqliteTransaction, ChangeScope> OfAlert(long id) => (c, t) => ChangeScope.OfQuery(c, t, """
        SELECT c.name FROM alerts a JOIN sites s ON s.id = a.site_id JOIN customers c ON c.id = s.customer_id WHERE a.id = $id
        """, ("$id", id));

    /// <summary>Runs off the request thread: waiting for SQLite's write lock blocks. Whose change it is (for the live
    /// pages) is read first, in the same transaction: a deleted window has no customer afterwards.</summary>
    private Task<CommandResult> InTransactionAsync(
        Func<SqliteConnection, SqliteTransaction, ChangeScope> scope, Func<SqliteConnection, SqliteTransaction, CommandResult> work) => Task.Run(() =>
    {
        using var connection = connections.OpenWriter();
        using var transaction = connection.BeginTransaction();
        var changed = scope(connection, transaction);
        var result = work(connection, transaction);
        transaction.Commit();
        if (result.Status == CommandStatus.Done)
        {
            changes?.Publish(changed);
        }

        return result;
    });

    private static int Execute(SqliteConnection c, SqliteTransaction t, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(c, t, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static long Insert(SqliteConnection c, SqliteTransaction t, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(c, t, sql, parameters);
        return (long)command.ExecuteScalar()!;
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction t, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
