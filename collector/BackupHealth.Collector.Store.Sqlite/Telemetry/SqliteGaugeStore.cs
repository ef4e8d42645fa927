using BackupHealth.Collector.Rules;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Telemetry;

/// <summary>The gauges' reads: one indexed query each over the small tables (jobs, agents, open alerts), on a pooled
/// read-only connection.</summary>
internal sealed class SqliteGaugeStore(SqliteConnectionFactory connections) : IGaugeStore
{
    public IReadOnlyList<JobGaugeRow> Jobs() => Read($"""
        SELECT c.name, s.name, a.agent_key, j.job_key, j.name, j.last_success, m.job_id IS NOT NULL
        FROM jobs j
        JOIN agents a ON a.id = j.agent_id
        JOIN sites s ON s.id = a.site_id
        JOIN customers c ON c.id = s.customer_id
        LEFT JOIN (SELECT DISTINCT job_id FROM alerts WHERE rule = '{JobMissedRule.RuleId}' AND state <> 'resolved') m ON m.job_id = j.id
        """, r => new JobGaugeRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
            r.IsDBNull(5) ? null : UnixMs.ToOffset(r.GetInt64(5)), r.GetInt64(6) != 0));

    public IReadOnlyList<FiringAlertCount> FiringAlerts() => Read("""
        SELECT c.name, al.rule, al.severity, count(*)
        FROM alerts al
        JOIN sites s ON s.id = al.site_id
        JOIN customers c ON c.id = s.customer_id
        WHERE al.state = 'firing' AND al.muted = 0
        GROUP BY c.name, al.rule, al.severity
        """, r => new FiringAlertCount(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3)));

    public IReadOnlyList<AgentGaugeRow> Agents() => Read("""
        SELECT c.name, s.name, a.agent_key, a.open_streams, a.last_seen
        FROM agents a
        JOIN sites s ON s.id = a.site_id
        JOIN customers c ON c.id = s.customer_id
        """, r => new AgentGaugeRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3) > 0, UnixMs.ToOffset(r.GetInt64(4))));

    /// <summary>The database file and its write-ahead log.</summary>
    public long? SizeBytes()
    {
        var database = new FileInfo(connections.DatabasePath);
        if (!database.Exists)
        {
            return null;
        }

        var wal = new FileInfo(connections.DatabasePath + "-wal");
        return database.Length + (wal.Exists ? wal.Length : 0);
    }

    private List<T> Read<T>(string sql, Func<SqliteDataReader, T> map)
    {
        var results = new List<T>();
        try
        {
            using var connection = connections.OpenReader();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                results.Add(map(reader));
            }
        }
        catch (SqliteException)
        {
            // Not created or not migrated yet (a collection right at start), or unreadable: no value this time.
            return [];
        }

        return results;
    }
}
