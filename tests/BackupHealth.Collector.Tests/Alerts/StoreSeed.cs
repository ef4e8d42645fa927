using System.Globalization;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Connections;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Tests.Alerts;

/// <summary>Puts agents, jobs and runs into a real store by SQL, and builds the findings a rule would report about
/// them.</summary>
internal sealed class StoreSeed(SqliteConnectionFactory connections)
{
    private readonly Dictionary<long, (long AgentId, long SiteId, string Name)> _jobs = [];
    private readonly Dictionary<long, long> _agentSites = [];
    private int _observations;

    public long SiteId(string customer, string site) => (long)Scalar(
        "SELECT s.id FROM sites s JOIN customers c ON c.id = s.customer_id WHERE c.name = $p0 AND s.name = $p1", customer, site)!;

    public long AddAgent(long siteId, string agentKey, DateTimeOffset seen, bool connected = true)
    {
        var id = (long)Scalar("""
            INSERT INTO agents (site_id, agent_key, host_name, os, version, first_seen, last_seen, open_streams, probes)
            VALUES ($p0, $p1, $p2, 'Linux', '1.0.0', $p3, $p3, $p4, '[]') RETURNING id
            """, siteId, agentKey, agentKey + ".example.test", seen.ToUnixTimeMilliseconds(), connected ? 1 : 0)!;
        _agentSites[id] = siteId;
        return id;
    }

    public long AddJob(long agentId, string jobKey, string name, DateTimeOffset? firstSeen = null, string probe = "nightly-files")
    {
        var id = (long)Scalar("""
            INSERT INTO jobs (agent_id, job_key, name, source_kind, protected_object, probe_name, first_seen)
            VALUES ($p0, $p1, $p2, 'files', 'vm01', $p3, $p4) RETURNING id
            """, agentId, jobKey, name, probe, firstSeen?.ToUnixTimeMilliseconds())!;
        _jobs[id] = (agentId, _agentSites[agentId], name);
        return id;
    }

    public void AddRun(long jobId, string status, DateTimeOffset end, long size = 1000, bool willRetry = false, string message = "done",
        string verification = "passed")
    {
        var n = ++_observations;
        Execute("""
            INSERT INTO observations (agent_id, observation_id, job_id, status, start_time, end_time, run_time, size_bytes,
                verification, verification_detail, message, probe_name, received_at, will_retry)
            VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p5, $p6, $p7, '', $p8, 'nightly-files', $p5, $p9)
            """, _jobs[jobId].AgentId, "obs-" + n.ToString(CultureInfo.InvariantCulture), jobId, status,
            end.AddMinutes(-10).ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), size, verification, message, willRetry ? 1 : 0);
    }

    public RuleFinding JobFinding(string rule, long jobId, AlertSeverity severity = AlertSeverity.Critical, string? title = null)
    {
        var (agentId, siteId, name) = _jobs[jobId];
        return new RuleFinding(rule, Subjects.Job(jobId), severity, siteId, agentId, jobId, title ?? $"{name} {rule}", $"{name}: {rule} detail");
    }

    public RuleFinding AgentFinding(string rule, long agentId, string? title = null) =>
        new(rule, Subjects.Agent(agentId), AlertSeverity.Critical, _agentSites[agentId], agentId, null, title ?? $"agent {agentId} {rule}",
            $"agent {agentId}: {rule} detail");

    public void Execute(string sql, params object?[] values)
    {
        using var connection = connections.OpenWriter();
        using var command = Command(connection, sql, values);
        command.ExecuteNonQuery();
    }

    public object? Scalar(string sql, params object?[] values)
    {
        using var connection = connections.OpenWriter();
        using var command = Command(connection, sql, values);
        return command.ExecuteScalar();
    }

    /// <summary>Every row of a query, each as one line of its values — for comparing whole tables.</summary>
    public List<string> Rows(string sql) => Query(sql, r => string.Join(" | ", Enumerable.Range(0, r.FieldCount)
        .Select(i => r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture))));

    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> map)
    {
        using var connection = connections.OpenWriter();
        using var command = Command(connection, sql, []);
        using var r = command.ExecuteReader();
        var rows = new List<T>();
        while (r.Read())
        {
            rows.Add(map(r));
        }

        return rows;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, object?[] values)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$p" + i.ToString(CultureInfo.InvariantCulture), values[i] ?? DBNull.Value);
        }

        return command;
    }
}
