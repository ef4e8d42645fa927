using System.Text.Json;
using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Alerts.Muting;
using BackupHealth.Collector.Rules;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Alerts;

/// <summary>The alert API's reads, each on a pooled read-only connection (WAL: never holds up the writers).</summary>
internal sealed class SqliteAlertReadStore(SqliteConnectionFactory connections) : IAlertReadStore
{
    private const string AlertSelect = """
        SELECT a.id, a.rule, a.subject, a.severity, a.state, a.title, a.detail, c.name, s.name, ag.agent_key, a.job_id,
               j.name, a.fired_at, a.last_seen_at, a.acknowledged_at, a.acknowledged_by, a.ack_comment, a.resolved_at,
               a.resolved_by, a.resolved_comment, a.muted, a.held_by, a.site_id
        FROM alerts a JOIN sites s ON s.id = a.site_id JOIN customers c ON c.id = s.customer_id
             LEFT JOIN jobs j ON j.id = a.job_id
             LEFT JOIN agents ag ON ag.id = coalesce(a.agent_id, j.agent_id)
        """;

    private const string WorstFirst = """
        CASE a.state WHEN 'firing' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END, CASE a.severity WHEN 'critical' THEN 0 ELSE 1 END
        """;

    public async Task<IReadOnlyList<AlertDto>> ListAlertsAsync(AlertFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = SqlCommands.Command(connection, null, $"""
            {AlertSelect}
            WHERE ($state IS NULL OR a.state = $state OR ($state = 'open' AND a.state <> 'resolved'))
              AND ($customer IS NULL OR c.name = $customer) AND ($site IS NULL OR s.name = $site)
              AND ($rule IS NULL OR a.rule = $rule) AND ($severity IS NULL OR a.severity = $severity)
              AND ($customers IS NULL OR c.name IN (SELECT value FROM json_each($customers)))
              AND ($search IS NULL OR instr(lower(a.subject), lower($search)) > 0 OR instr(lower(a.title), lower($search)) > 0
                   OR instr(lower(coalesce(j.name, '')), lower($search)) > 0)
            ORDER BY {(filter.WorstFirst ? WorstFirst + ", " : "")}a.fired_at DESC, a.id DESC
            LIMIT $limit
            """, ("$state", filter.State), ("$customer", filter.Customer), ("$site", filter.Site), ("$rule", filter.Rule),
            ("$severity", filter.Severity), ("$limit", filter.Limit),
            ("$customers", filter.Customers is null ? null : JsonSerializer.Serialize(filter.Customers.ToArray(), AlertsJsonContext.Default.StringArray)),
            ("$search", filter.Search));
        return ReadAlerts(command);
    }

    public async Task<AlertDto?> FindAlertAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = SqlCommands.Command(connection, null, $"{AlertSelect} WHERE a.id = $id", ("$id", id));
        return ReadAlerts(command).SingleOrDefault();
    }

    public async Task<AlertExplanation> ExplainAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = SqlCommands.Command(connection, null, $"""
            SELECT j.source_kind, ag.host_name, ag.last_seen, a.resolution, a.reopens,
                   (SELECT max(o.run_time) FROM observations o WHERE o.job_id = a.job_id AND o.status IN ('success', 'warning')),
                   (SELECT coalesce({RunLocation.Sql}, o.protected_object) FROM observations o
                    WHERE o.job_id = a.job_id ORDER BY o.run_time DESC, o.id DESC LIMIT 1)
            FROM alerts a LEFT JOIN jobs j ON j.id = a.job_id LEFT JOIN agents ag ON ag.id = coalesce(a.agent_id, j.agent_id)
            WHERE a.id = $id
            """, ("$id", id));
        using var r = command.ExecuteReader();
        if (!r.Read())
        {
            return new AlertExplanation(new GuideContext(), null, null);
        }

        DateTimeOffset? At(int i) => r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));
        var guide = new GuideContext(Text(r, 0), Text(r, 1), At(2), At(5), Text(r, 6));
        return new AlertExplanation(guide, Text(r, 3), Long(r, 4));
    }

    public async Task<IReadOnlyList<AlertDto>> ListOccurrencesAsync(string rule, string subject, long exceptId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = SqlCommands.Command(connection, null, $"""
            {AlertSelect} WHERE a.rule = $rule AND a.subject = $subject AND a.id <> $id ORDER BY a.fired_at DESC, a.id DESC LIMIT $limit
            """, ("$rule", rule), ("$subject", subject), ("$id", exceptId), ("$limit", limit));
        return ReadAlerts(command);
    }

    public async Task<IReadOnlyDictionary<string, string>> FindVmNamesAsync(IReadOnlyCollection<string> subjects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = SqlCommands.Command(connection, null, """
            SELECT 'vm:' || a.site_id || ':' || i.item_id, i.name
            FROM inventory_items i JOIN agents a ON a.id = i.agent_id
            WHERE i.name <> '' AND 'vm:' || a.site_id || ':' || i.item_id IN (SELECT value FROM json_each($subjects))
            """, ("$subjects", JsonSerializer.Serialize(subjects.ToArray(), AlertsJsonContext.Default.StringArray)));
        using var r = command.ExecuteReader();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        while (r.Read())
        {
            names[r.GetString(0)] = r.GetString(1);
        }

        return names;
    }

    public async Task<IReadOnlyList<AlertNotificationRow>> ListNotificationsAsync(long alertId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = SqlCommands.Command(connection, null, """
            SELECT n.channel, na.change, n.state, n.created_at, n.sent_at
            FROM notification_alerts na JOIN notifications n ON n.id = na.notification_id
            WHERE na.alert_id = $id ORDER BY n.created_at, n.id
            """, ("$id", alertId));
        using var r = command.ExecuteReader();
        var rows = new List<AlertNotificationRow>();
        while (r.Read())
        {
            rows.Add(new AlertNotificationRow(r.GetString(0), r.GetString(1), r.GetString(2), UnixMs.ToUtc(r.GetInt64(3)), Time(r, 4)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<Silence>> ListSilencesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        return MuteRows.ReadSilences(connection, null, "1 = 1");
    }

    public async Task<Silence?> FindSilenceAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        return MuteRows.ReadSilences(connection, null, "id = $id", ("$id", id)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<MaintenanceWindow>> ListWindowsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        return MuteRows.ReadWindows(connection, null, "1 = 1", []);
    }

    public async Task<MaintenanceWindow?> FindWindowAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        return MuteRows.ReadWindows(connection, null, "w.id = $id", [], ("$id", id)).SingleOrDefault();
    }

    private static List<AlertDto> ReadAlerts(SqliteCommand command)
    {
        using var r = command.ExecuteReader();
        var alerts = new List<AlertDto>();
        while (r.Read())
        {
            var id = r.GetInt64(0);
            alerts.Add(new AlertDto(id, AlertKeys.Of(id), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8), Text(r, 9), Long(r, 10), Text(r, 11),
                UnixMs.ToUtc(r.GetInt64(12)), UnixMs.ToUtc(r.GetInt64(13)), Time(r, 14), Text(r, 15), Text(r, 16), Time(r, 17),
                Text(r, 18), Text(r, 19), r.GetInt64(20) != 0, Long(r, 21), r.GetInt64(22)));
        }

        return alerts;
    }

    private static string? Text(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static long? Long(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetInt64(ordinal);

    private static DateTime? Time(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : UnixMs.ToUtc(r.GetInt64(ordinal));
}
