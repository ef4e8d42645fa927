using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Notify;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Alerts;

/// <summary>The evaluator's reads and writes of <c>alerts</c>, all inside its one write transaction.</summary>
internal sealed class SqliteAlertTable(SqliteConnection connection, SqliteTransaction transaction) : IAlertTable
{
    private const string Columns = """
        id, rule, subject, site_id, agent_id, job_id, severity, state, title, detail, fired_at, resolved_at, held_by,
        muted, notified_fired, last_notified_at, acknowledged_by, ack_comment, resolved_by, resolved_comment, reopens
        """;

    public Dictionary<(string Rule, string Subject), AlertRecord> LoadOpen()
    {
        var open = new Dictionary<(string, string), AlertRecord>();
        foreach (var alert in Query($"SELECT {Columns} FROM alerts WHERE state <> 'resolved' ORDER BY id"))
        {
            open[(alert.Rule, alert.Subject)] = alert;
        }

        return open;
    }

    /// <summary>Resolved alerts whose firing was notified and whose resolution is still to be.</summary>
    public List<AlertRecord> LoadResolvePending() =>
        Query($"SELECT {Columns} FROM alerts WHERE state = 'resolved' AND notified_fired = 1 AND resolve_notified = 0 ORDER BY id");

    /// <summary>Acknowledged alerts whose firing was told and whose acknowledgement is still to be.</summary>
    public List<AlertRecord> LoadAckPending() =>
        Query($"SELECT {Columns} FROM alerts WHERE state = 'acknowledged' AND notified_fired = 1 AND ack_notified = 0 ORDER BY id");

    /// <summary>The newest earlier alert of this rule and subject, when a person resolved it (else null): the one a new
    /// alert re-opens.</summary>
    public long? ResolvedByPersonBefore(string rule, string subject)
    {
        using var command = Command("""
            SELECT id, resolved_by FROM alerts WHERE rule = $rule AND subject = $subject AND state = 'resolved'
            ORDER BY id DESC LIMIT 1
            """, ("$rule", rule), ("$subject", subject));
        using var r = command.ExecuteReader();
        return r.Read() && !r.IsDBNull(1) && r.GetString(1) != AlertStates.ConditionCleared ? r.GetInt64(0) : null;
    }

    /// <summary>Who resolved the alert <paramref name="alertId"/>, when, and why.</summary>
    public ReopenedAlert? Resolve(long alertId)
    {
        using var command = Command("SELECT resolved_by, resolved_at, resolved_comment FROM alerts WHERE id = $id AND state = 'resolved'", ("$id", alertId));
        using var r = command.ExecuteReader();
        return r.Read() && !r.IsDBNull(0) && !r.IsDBNull(1)
            ? new ReopenedAlert(alertId, r.GetString(0), UnixMs.ToOffset(r.GetInt64(1)), r.IsDBNull(2) ? null : r.GetString(2))
            : null;
    }

    public Dictionary<long, (string Customer, string Site)> LoadSiteNames()
    {
        using var command = Command("SELECT s.id, c.name, s.name FROM sites s JOIN customers c ON c.id = s.customer_id");
        using var r = command.ExecuteReader();
        var sites = new Dictionary<long, (string, string)>();
        while (r.Read())
        {
            sites[r.GetInt64(0)] = (r.GetString(1), r.GetString(2));
        }

        return sites;
    }

    public AlertRecord Insert(RuleFinding f, long now, bool muted, long? heldBy, long? reopens)
    {
        using var command = Command($"""
            INSERT INTO alerts (rule, subject, site_id, agent_id, job_id, severity, state, title, detail, fired_at,
                last_seen_at, held_by, muted, reopens)
            VALUES ($rule, $subject, $site, $agent, $job, $severity, 'firing', $title, $detail, $now, $now, $held, $muted, $reopens)
            RETURNING {Columns}
            """, ("$rule", f.Rule), ("$subject", f.Subject), ("$site", f.SiteId), ("$agent", f.AgentId), ("$job", f.JobId),
            ("$severity", SeverityNames.Of(f.Severity)), ("$title", f.Title), ("$detail", f.Detail), ("$now", now),
            ("$held", heldBy), ("$muted", muted), ("$reopens", reopens));
        return Single(command);
    }

    /// <summary>The condition still holds: refreshes what the rule says of it now.</summary>
    public AlertRecord Update(AlertRecord alert, RuleFinding f, long now, bool muted, long? heldBy)
    {
        using var command = Command($"""
            UPDATE alerts SET site_id = $site, agent_id = $agent, job_id = $job, severity = $severity, title = $title,
                detail = $detail, last_seen_at = $now, held_by = $held, muted = $muted
            WHERE id = $id
            RETURNING {Columns}
            """, ("$site", f.SiteId), ("$agent", f.AgentId), ("$job", f.JobId), ("$severity", SeverityNames.Of(f.Severity)),
            ("$title", f.Title), ("$detail", f.Detail), ("$now", now), ("$held", heldBy), ("$muted", muted), ("$id", alert.Id));
        return Single(command);
    }

    /// <param name="resolution">Why, in words: "the run of … succeeded, 5.3 GB".</param>
    public void ResolveCleared(long alertId, long now, string resolution) => Execute(
        "UPDATE alerts SET state = 'resolved', resolved_at = $now, resolved_by = $by, held_by = NULL, resolution = $why WHERE id = $id",
        ("$now", now), ("$by", AlertStates.ConditionCleared), ("$why", resolution), ("$id", alertId));

    public void MarkAckNotified(long alertId) => Execute("UPDATE alerts SET ack_notified = 1 WHERE id = $id", ("$id", alertId));

    public void MarkFiringNotified(long alertId, long now) => Execute(
        "UPDATE alerts SET notified_fired = 1, last_notified_at = $now WHERE id = $id", ("$now", now), ("$id", alertId));

    public void MarkResolveNotified(long alertId) => Execute(
        "UPDATE alerts SET resolve_notified = 1 WHERE id = $id", ("$id", alertId));

    private List<AlertRecord> Query(string sql)
    {
        using var command = Command(sql);
        using var r = command.ExecuteReader();
        var alerts = new List<AlertRecord>();
        while (r.Read())
        {
            alerts.Add(Read(r));
        }

        return alerts;
    }

    private static AlertRecord Single(SqliteCommand command)
    {
        using var r = command.ExecuteReader();
        return r.Read() ? Read(r) : throw new InvalidOperationException("the alert row was not returned");
    }

    private static AlertRecord Read(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3), Long(r, 4), Long(r, 5), r.GetString(6),
        r.GetString(7), r.GetString(8), r.GetString(9), r.GetInt64(10), Long(r, 11), Long(r, 12), r.GetInt64(13) != 0,
        r.GetInt64(14) != 0, Long(r, 15))
    {
        AcknowledgedBy = Text(r, 16),
        AckComment = Text(r, 17),
        ResolvedBy = Text(r, 18),
        ResolvedComment = Text(r, 19),
        Reopens = Long(r, 20),
    };

    private static string? Text(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static long? Long(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetInt64(ordinal);

    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters) =>
        SqlCommands.Command(connection, transaction, sql, parameters);
}
