using System.Text.Json;
using BackupHealth.Collector.Alerts.Muting;
using BackupHealth.Collector.Store;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Alerts.Api;

/// <summary>The API's reads of alerts, silences and windows, on pooled read-only connections.</summary>
internal sealed class AlertQueries(SqliteConnectionFactory connections, TimeProvider time)
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

    public async Task<IReadOnlyList<AlertDto>> GetAlertsAsync(AlertFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = Command(connection, $"""
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

    public async Task<AlertDto?> GetAlertAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = Command(connection, $"{AlertSelect} WHERE a.id = $id", ("$id", id));
        return ReadAlerts(command).SingleOrDefault();
    }

    /// <summary>What the alert page explains beside the row: the guide's context (product, host, last heard, last
    /// success, the newest run's file), why it resolved, and the alert a person resolved that this one re-opens.</summary>
    public async Task<AlertExplanation> GetExplanationAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = Command(connection, $"""
            SELECT j.source_kind, ag.host_name, ag.last_seen, a.resolution, a.reopens,
                   (SELECT max(o.run_time) FROM observations o WHERE o.job_id = a.job_id AND o.status IN ('success', 'warning')),
                   (SELECT coalesce({Dashboard.History.RunLocation.Sql}, o.protected_object) FROM observations o
                    WHERE o.job_id = a.job_id ORDER BY o.run_time DESC, o.id DESC LIMIT 1)
            FROM alerts a LEFT JOIN jobs j ON j.id = a.job_id LEFT JOIN agents ag ON ag.id = coalesce(a.agent_id, j.agent_id)
            WHERE a.id = $id
            """, ("$id", id));
        using var r = command.ExecuteReader();
        if (!r.Read())
        {
            return new AlertExplanation(new Rules.GuideContext(), null, null);
        }

        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        DateTimeOffset? Time(int i) => r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));
        var guide = new Rules.GuideContext(Text(0), Text(1), Time(2), Time(5), Text(6));
        return new AlertExplanation(guide, Text(3), r.IsDBNull(4) ? null : r.GetInt64(4));
    }

    /// <summary>The earlier and later alerts of the same rule and subject (the condition came back), newest first.</summary>
    public async Task<IReadOnlyList<AlertDto>> GetOccurrencesAsync(AlertDto alert, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = Command(connection, $"""
            {AlertSelect} WHERE a.rule = $rule AND a.subject = $subject AND a.id <> $id ORDER BY a.fired_at DESC, a.id DESC LIMIT $limit
            """, ("$rule", alert.Rule), ("$subject", alert.Subject), ("$id", alert.Id), ("$limit", limit));
        return ReadAlerts(command);
    }

    /// <summary>The inventory names of the VMs that the <c>vm:</c> subjects of <paramref name="alerts"/> stand for, by
    /// subject; a VM that is no longer in the inventory, or has no name there, is left out.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetVmNamesAsync(IEnumerable<AlertDto> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var subjects = alerts.Select(a => a.Subject).Where(Rules.Subjects.IsVm).Distinct().ToArray();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (subjects.Length == 0)
        {
            return names;
        }

        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = Command(connection, """
            SELECT 'vm:' || a.site_id || ':' || i.item_id, i.name
            FROM inventory_items i JOIN agents a ON a.id = i.agent_id
            WHERE i.name <> '' AND 'vm:' || a.site_id || ':' || i.item_id IN (SELECT value FROM json_each($subjects))
            """, ("$subjects", JsonSerializer.Serialize(subjects, AlertsJsonContext.Default.StringArray)));
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            names[r.GetString(0)] = r.GetString(1);
        }

        return names;
    }

    /// <summary>The notifications that told of the alert, oldest first.</summary>
    public async Task<IReadOnlyList<AlertNotificationRow>> GetNotificationsAsync(long alertId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = Command(connection, """
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

    public async Task<IReadOnlyList<SilenceDto>> GetSilencesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        var now = time.GetUtcNow();
        return MuteRows.ReadSilences(connection, null, "1 = 1").OrderByDescending(s => s.Id).Select(s => ToDto(s, now)).ToList();
    }

    public async Task<SilenceDto?> GetSilenceAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        return MuteRows.ReadSilences(connection, null, "id = $id", ("$id", id)).Select(s => ToDto(s, time.GetUtcNow())).SingleOrDefault();
    }

    /// <summary>Windows whose time zone is unknown here are left out (the evaluator logs them).</summary>
    public async Task<IReadOnlyList<MaintenanceWindowDto>> GetWindowsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        var now = time.GetUtcNow();
        return MuteRows.ReadWindows(connection, null, "1 = 1", []).OrderByDescending(w => w.Id).Select(w => ToDto(w, now)).ToList();
    }

    public async Task<MaintenanceWindowDto?> GetWindowAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        return MuteRows.ReadWindows(connection, null, "w.id = $id", [], ("$id", id)).Select(w => ToDto(w, time.GetUtcNow())).SingleOrDefault();
    }

    public static SilenceDto ToDto(Silence s, DateTimeOffset now) => new(
        s.Id, s.Customer, s.Site, s.Agent, s.Job, s.Rule, s.StartsAt.UtcDateTime, s.EndsAt.UtcDateTime, s.StateAt(now), s.Comment,
        s.CreatedBy, s.CreatedAt.UtcDateTime);

    public static MaintenanceWindowDto ToDto(MaintenanceWindow w, DateTimeOffset now)
    {
        var r = w.Recurring;
        return new MaintenanceWindowDto(w.Id, w.Customer, w.Site,
            r is null ? null : WeekDays.Split(WeekDays.Format(r.Days)),
            r?.Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            r is null ? null : RecurringWindow.FormatDuration(r.Duration),
            r?.Zone.Id, w.StartsAt?.UtcDateTime, w.EndsAt?.UtcDateTime, w.IsActive(now), w.Comment, w.CreatedBy,
            w.CreatedAt.UtcDateTime);
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

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
