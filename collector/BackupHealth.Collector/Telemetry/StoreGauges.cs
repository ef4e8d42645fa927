using System.Diagnostics.Metrics;
using BackupHealth.Collector.Rules;
using BackupHealth.Collector.Store;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Telemetry;

/// <summary>The gauges read from the store each time a reader collects (a Prometheus scrape, an OTLP export): one
/// indexed query per gauge over the small tables (jobs, agents, open alerts), never over observations. Before the
/// store is ready, or while it cannot be read, a gauge reports nothing rather than a wrong zero.</summary>
internal sealed class StoreGauges(SqliteConnectionFactory connections, TimeProvider time)
{
    private const string JobTenancy = """
        FROM jobs j
        JOIN agents a ON a.id = j.agent_id
        JOIN sites s ON s.id = a.site_id
        JOIN customers c ON c.id = s.customer_id
        """;

    public void Register(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        meter.CreateObservableGauge("backuphealth.job.last_success.age", LastSuccessAges, "s",
            "Seconds since each job's last successful run (jobs that never succeeded have no value).");
        meter.CreateObservableGauge("backuphealth.job.overdue", Overdue, null,
            "1 while the job has no success within its expectation (interval + grace, set or learned): its job_missed alert is open; else 0.");
        meter.CreateObservableGauge("backuphealth.alerts.firing", FiringAlerts, "{alert}",
            "Alerts firing now (not acknowledged, not muted), by customer, rule and severity.");
        meter.CreateObservableGauge("backuphealth.agent.connected", AgentsConnected, null,
            "1 while the agent has a stream open to this collector, else 0.");
        meter.CreateObservableGauge("backuphealth.agent.last_seen.age", AgentsLastSeen, "s",
            "Seconds since the collector last heard from the agent (any message).");
        meter.CreateObservableGauge("backuphealth.store.size", StoreSize, "By",
            "Bytes of the SQLite database and its write-ahead log.");
    }

    private IEnumerable<Measurement<double>> LastSuccessAges()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return Read($"SELECT c.name, s.name, a.agent_key, j.job_key, j.name, j.last_success {JobTenancy} WHERE j.last_success IS NOT NULL",
            r => new Measurement<double>(Math.Max(0, now - r.GetInt64(5)) / 1000.0, JobTags(r)));
    }

    private IEnumerable<Measurement<int>> Overdue() => Read($"""
        SELECT c.name, s.name, a.agent_key, j.job_key, j.name, m.job_id IS NOT NULL
        {JobTenancy}
        LEFT JOIN (SELECT DISTINCT job_id FROM alerts WHERE rule = '{JobMissedRule.RuleId}' AND state <> 'resolved') m ON m.job_id = j.id
        """, r => new Measurement<int>(r.GetInt32(5), JobTags(r)));

    private IEnumerable<Measurement<int>> FiringAlerts() => Read("""
        SELECT c.name, al.rule, al.severity, count(*)
        FROM alerts al
        JOIN sites s ON s.id = al.site_id
        JOIN customers c ON c.id = s.customer_id
        WHERE al.state <> 'resolved' AND al.state = 'firing' AND al.muted = 0
        GROUP BY c.name, al.rule, al.severity
        """, r => new Measurement<int>(r.GetInt32(3),
            new KeyValuePair<string, object?>(MetricTags.Customer, r.GetString(0)),
            new KeyValuePair<string, object?>(MetricTags.Rule, r.GetString(1)),
            new KeyValuePair<string, object?>(MetricTags.Severity, r.GetString(2))));

    private IEnumerable<Measurement<int>> AgentsConnected() =>
        ReadAgents(r => new Measurement<int>(r.GetInt64(3) > 0 ? 1 : 0, AgentTags(r)));

    private IEnumerable<Measurement<double>> AgentsLastSeen()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return ReadAgents(r => new Measurement<double>(Math.Max(0, now - r.GetInt64(4)) / 1000.0, AgentTags(r)));
    }

    private IEnumerable<Measurement<long>> StoreSize()
    {
        var database = new FileInfo(connections.DatabasePath);
        if (!database.Exists)
        {
            return [];
        }

        var wal = new FileInfo(connections.DatabasePath + "-wal");
        return [new Measurement<long>(database.Length + (wal.Exists ? wal.Length : 0))];
    }

    private List<T> ReadAgents<T>(Func<SqliteDataReader, T> map) => Read("""
        SELECT c.name, s.name, a.agent_key, a.open_streams, a.last_seen
        FROM agents a
        JOIN sites s ON s.id = a.site_id
        JOIN customers c ON c.id = s.customer_id
        """, map);

    private static KeyValuePair<string, object?>[] JobTags(SqliteDataReader r) =>
    [
        new(MetricTags.Customer, r.GetString(0)),
        new(MetricTags.Site, r.GetString(1)),
        new(MetricTags.Agent, r.GetString(2)),
        new(MetricTags.JobKey, r.GetString(3)),
        new(MetricTags.JobName, r.GetString(4)),
    ];

    private static KeyValuePair<string, object?>[] AgentTags(SqliteDataReader r) =>
    [
        new(MetricTags.Customer, r.GetString(0)),
        new(MetricTags.Site, r.GetString(1)),
        new(MetricTags.Agent, r.GetString(2)),
    ];

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
