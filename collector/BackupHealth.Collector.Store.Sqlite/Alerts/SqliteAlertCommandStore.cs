using System.Globalization;
using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Alerts.Muting;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Alerts;

/// <summary>Tables <c>alerts</c> (the people's columns), <c>silences</c> and <c>maintenance_windows</c>. Each change is
/// one command through the store's writer (a savepoint of its own in the writer's group). Whose change it is (for the live pages) is read first, in the same transaction: a deleted window has no
/// customer afterwards.</summary>
internal sealed class SqliteAlertCommandStore(StoreWriter writer, ChangeFeed? changes = null) : IAlertCommandStore
{
    public Task<AlertAction> AcknowledgeAsync(long id, string by, string comment, DateTimeOffset at) => WriteAsync(OfAlert(id), (c, t) =>
        StateOf(c, t, id) switch
        {
            null => AlertAction.NotFound,
            (AlertStates.Resolved, _) => AlertAction.Resolved,
            (AlertStates.Acknowledged, var ackBy) => new AlertAction(AlertActionStatus.Acknowledged, ackBy),
            _ => Changed(SqlCommands.Execute(c, t, """
                UPDATE alerts SET state = 'acknowledged', acknowledged_at = $now, acknowledged_by = $by, ack_comment = $comment,
                    ack_notified = 0
                WHERE id = $id
                """, ("$now", UnixMs.From(at)), ("$by", by), ("$comment", comment), ("$id", id))),
        }, action => action.Status == AlertActionStatus.Done);

    public Task<AlertAction> ResolveAsync(long id, string by, string comment, DateTimeOffset at) => WriteAsync(OfAlert(id), (c, t) =>
        StateOf(c, t, id) switch
        {
            null => AlertAction.NotFound,
            (AlertStates.Resolved, _) => AlertAction.Resolved,
            _ => Changed(SqlCommands.Execute(c, t, """
                UPDATE alerts SET state = 'resolved', resolved_at = $now, resolved_by = $by, resolved_comment = $comment,
                    held_by = NULL
                WHERE id = $id
                """, ("$now", UnixMs.From(at)), ("$by", by), ("$comment", comment), ("$id", id))),
        }, action => action.Status == AlertActionStatus.Done);

    public Task<long> AddSilenceAsync(NewSilence silence, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(silence);
        var s = silence;
        return WriteAsync((_, _) => ChangeScope.OfOptional(s.Customer), (c, t) => Insert(c, t, """
            INSERT INTO silences (customer, site, agent, job, rule, starts_at, ends_at, comment, created_by, created_at)
            VALUES ($customer, $site, $agent, $job, $rule, $starts, $ends, $comment, $by, $now)
            RETURNING id
            """, ("$customer", s.Customer), ("$site", s.Site), ("$agent", s.Agent), ("$job", s.Job), ("$rule", s.Rule),
            ("$starts", UnixMs.From(s.StartsAt)), ("$ends", UnixMs.From(s.EndsAt)), ("$comment", s.Comment), ("$by", s.By),
            ("$now", UnixMs.From(at))), _ => true);
    }

    public Task<bool> ExpireSilenceAsync(long id, DateTimeOffset at) => WriteAsync(
        (c, t) => ChangeScopes.OfQuery(c, t, "SELECT customer FROM silences WHERE id = $id", ("$id", id)), (c, t) =>
        {
            using var exists = SqlCommands.Command(c, t, "SELECT 1 FROM silences WHERE id = $id", ("$id", id));
            if (exists.ExecuteScalar() is null)
            {
                return false;
            }

            SqlCommands.Execute(c, t, "UPDATE silences SET ends_at = max(starts_at, $now) WHERE id = $id AND ends_at > $now",
                ("$now", UnixMs.From(at)), ("$id", id));
            return true;
        }, found => found);

    public Task<long?> AddWindowAsync(NewMaintenanceWindow window, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(window);
        var w = window;
        return WriteAsync((_, _) => ChangeScope.OfCustomer(w.Customer), (c, t) =>
        {
            if (SiteIds.Find(c, t, w.Customer, w.Site) is not { } siteId)
            {
                return (long?)null;
            }

            var r = w.Recurring;
            return Insert(c, t, """
                INSERT INTO maintenance_windows (site_id, days, start_time, duration_ms, time_zone, starts_at, ends_at, comment,
                    created_by, created_at)
                VALUES ($site, $days, $start, $duration, $zone, $starts, $ends, $comment, $by, $now)
                RETURNING id
                """, ("$site", siteId), ("$days", r is null ? null : WeekDays.Format(r.Days)),
                ("$start", r?.Start.ToString("HH:mm", CultureInfo.InvariantCulture)),
                ("$duration", r is null ? null : (long)r.Duration.TotalMilliseconds), ("$zone", r?.Zone.Id),
                ("$starts", w.StartsAt is { } s ? UnixMs.From(s) : null), ("$ends", w.EndsAt is { } e ? UnixMs.From(e) : null),
                ("$comment", w.Comment), ("$by", w.By), ("$now", UnixMs.From(at)));
        }, id => id is not null);
    }

    public Task<bool> DeleteWindowAsync(long id) => WriteAsync(
        (c, t) => ChangeScopes.OfQuery(c, t, """
            SELECT c.name FROM maintenance_windows w JOIN sites s ON s.id = w.site_id JOIN customers c ON c.id = s.customer_id
            WHERE w.id = $id
            """, ("$id", id)),
        (c, t) => SqlCommands.Execute(c, t, "DELETE FROM maintenance_windows WHERE id = $id", ("$id", id)) == 1,
        deleted => deleted);

    private static AlertAction Changed(int rows) => rows == 1 ? AlertAction.Done : AlertAction.NotFound;

    private static (string State, string? AcknowledgedBy)? StateOf(SqliteConnection c, SqliteTransaction t, long id)
    {
        using var command = SqlCommands.Command(c, t, "SELECT state, acknowledged_by FROM alerts WHERE id = $id", ("$id", id));
        using var r = command.ExecuteReader();
        return r.Read() ? (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)) : null;
    }

    private static Func<SqliteConnection, SqliteTransaction, ChangeScope> OfAlert(long id) => (c, t) => ChangeScopes.OfQuery(c, t, """
        SELECT c.name FROM alerts a JOIN sites s ON s.id = a.site_id JOIN customers c ON c.id = s.customer_id WHERE a.id = $id
        """, ("$id", id));

    private static long Insert(SqliteConnection c, SqliteTransaction t, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = SqlCommands.Command(c, t, sql, parameters);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Commits what the work did in any case (as before the move: a refused change has written nothing) and
    /// tells the live pages when <paramref name="changed"/> says it changed something.</summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, ChangeScope> scope,
        Func<SqliteConnection, SqliteTransaction, T> work, Func<T, bool> changed)
    {
        var (whose, result) = await writer.WriteAsync((c, t) => (scope(c, t), work(c, t)));
        if (changed(result))
        {
            changes?.Publish(whose);
        }

        return result;
    }
}
