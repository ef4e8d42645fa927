using System.Text.Json;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;
using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Store.Sqlite.Dashboard;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Alerts;

/// <summary>Reads everything the rules look at in one read transaction on a read-only connection, so the snapshot is
/// consistent (WAL gives the reader one point in time) and the ingest writer is never held up. Rows come in id
/// order, so the same store always gives the same snapshot.</summary>
internal sealed class SnapshotLoader(SqliteConnectionFactory connections)
{
    public async Task<EvaluationSnapshot> LoadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        // Deferred: a read-only connection cannot take the write lock an immediate transaction asks for.
        using var transaction = connection.BeginTransaction(deferred: true);
        var probes = ReadProbes(connection, transaction);
        var agents = ReadAgents(connection, transaction, probes);
        var jobs = ReadJobs(connection, transaction, now);
        var coverage = CoverageReader.Read(connection, transaction);
        return new EvaluationSnapshot(now, agents, jobs, coverage);
    }

    private static Dictionary<long, List<ProbeSnapshot>> ReadProbes(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = Command(connection, transaction, """
            SELECT agent_id, probe_name, probe_type, state, message, consecutive_failures, last_run, last_success, reported_at,
                   run_age_ms
            FROM probe_health ORDER BY agent_id, probe_name
            """);
        using var r = command.ExecuteReader();
        var byAgent = new Dictionary<long, List<ProbeSnapshot>>();
        while (r.Read())
        {
            var agentId = r.GetInt64(0);
            if (!byAgent.TryGetValue(agentId, out var list))
            {
                byAgent[agentId] = list = [];
            }

            list.Add(new ProbeSnapshot(r.GetString(1), r.GetString(2), r.GetString(3) == "ok", r.GetString(4), r.GetInt32(5),
                Time(r, 6), Time(r, 7), Time(r.GetInt64(8)), RunAge: Span(r, 9), OutboxFull: r.GetString(3) == StatusNames.OutboxFull));
        }

        return byAgent;
    }

    private static List<AgentSnapshot> ReadAgents(SqliteConnection connection, SqliteTransaction transaction, Dictionary<long, List<ProbeSnapshot>> probes)
    {
        using var command = Command(connection, transaction, """
            SELECT a.id, a.agent_key, a.site_id, c.name, s.name, a.host_name, a.first_seen, a.last_seen, a.open_streams, a.probes,
                   coalesce(a.outbox_depth, 0), a.backlog_since
            FROM agents a JOIN sites s ON s.id = a.site_id JOIN customers c ON c.id = s.customer_id
            ORDER BY a.id
            """);
        using var r = command.ExecuteReader();
        var agents = new List<AgentSnapshot>();
        while (r.Read())
        {
            var id = r.GetInt64(0);
            var intervals = Intervals(r.GetString(9));
            var reported = (probes.GetValueOrDefault(id) ?? []).Select(p => p with { Interval = intervals.GetValueOrDefault(p.Name) }).ToList();
            agents.Add(new AgentSnapshot(id, r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetString(5),
                Time(r.GetInt64(6)), Time(r.GetInt64(7)), r.GetInt64(8) > 0, reported, r.GetInt64(10), Time(r, 11)));
        }

        return agents;
    }

    /// <summary>The interval of each probe in the agent's Hello (agents.probes); a probe without one is absent.</summary>
    private static Dictionary<string, TimeSpan?> Intervals(string configuredJson)
    {
        using var document = JsonDocument.Parse(configuredJson);
        var intervals = new Dictionary<string, TimeSpan?>(StringComparer.Ordinal);
        foreach (var probe in document.RootElement.EnumerateArray())
        {
            if (probe.TryGetProperty("intervalSeconds", out var seconds) && seconds.GetInt64() > 0)
            {
                intervals[probe.GetProperty("name").GetString() ?? ""] = TimeSpan.FromSeconds(seconds.GetInt64());
            }
        }

        return intervals;
    }

    private static List<JobSnapshot> ReadJobs(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now)
    {
        using var command = Command(connection, transaction, $"""
            SELECT j.id, j.agent_id, a.agent_key, a.site_id, c.name, s.name, j.job_key, j.name, j.source_kind, j.probe_name,
                   coalesce(j.first_seen, (SELECT min(o.run_time) FROM observations o WHERE o.job_id = j.id), a.first_seen),
                   l.enabled, l.reported_at, l.next_run, r.agent_id IS NOT NULL,
                   e.job_id IS NOT NULL, e.interval_ms, e.schedule, e.grace_ms, {JobRowReader.NeverRan}, l.attributes
            FROM jobs j
                 JOIN agents a ON a.id = j.agent_id JOIN sites s ON s.id = a.site_id JOIN customers c ON c.id = s.customer_id
                 LEFT JOIN job_listings l ON l.agent_id = j.agent_id AND l.probe_name = j.probe_name AND l.job_key = j.job_key
                 LEFT JOIN job_list_reports r ON r.agent_id = j.agent_id AND r.probe_name = j.probe_name
                 LEFT JOIN job_expectations e ON e.job_id = j.id
            WHERE {JobRowReader.Exists}
            ORDER BY j.id
            """);
        using var runs = new RunHistoryReader(connection, transaction);
        var since = now - JobSnapshot.RunHistory;
        using var r = command.ExecuteReader();
        var jobs = new List<JobSnapshot>();
        while (r.Read())
        {
            var id = r.GetInt64(0);
            var listing = r.IsDBNull(11) ? null : new JobListingSnapshot(r.GetInt64(11) != 0, Time(r.GetInt64(12)), Time(r, 13),
                StatedSchedule.From(JsonText.ReadTexts(Text(r, 20)), Time(r, 13)));
            var setting = r.GetBoolean(15)
                ? new ExpectationSetting(Span(r, 16), r.IsDBNull(17) ? null : r.GetString(17), Span(r, 18))
                : null;
            jobs.Add(new JobSnapshot(id, r.GetInt64(1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.GetString(5),
                r.GetString(6), r.GetString(7), r.GetString(8), r.GetString(9), Time(r.GetInt64(10)), runs.Read(id, since),
                listing, r.GetBoolean(14), setting, r.GetBoolean(19)));
        }

        return jobs;
    }

    internal static DateTimeOffset Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);

    private static DateTimeOffset? Time(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : Time(r.GetInt64(ordinal));

    internal static string? Text(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetValue(ordinal).ToString();

    private static TimeSpan? Span(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : TimeSpan.FromMilliseconds(r.GetInt64(ordinal));

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
