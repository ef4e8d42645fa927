using BackupHealth.Collector.Dashboard.Grid;
using BackupHealth.Collector.Dashboard.History;
using BackupHealth.Collector.Dashboard.Jobs;
using BackupHealth.Collector.Dashboard.Overview;
using BackupHealth.Collector.Dashboard.Problems;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Dashboard;

/// <summary>One read transaction of the dashboard (<see cref="SqliteDashboardReads"/>). The per-job reads prepare
/// their commands on first use and reuse them for every further job; disposing the view ends the transaction and
/// gives the connection back to the pool.</summary>
internal sealed class SqliteDashboardView(SqliteConnection connection, SqliteTransaction transaction) : IDashboardView
{
    private RunHistoryReader? _history;
    private GridWindowReader? _grid;
    private ProblemRunReader? _problems;

    public IReadOnlyList<JobRow> ReadJobs(long? siteId = null, long? jobId = null) => JobRowReader.Read(connection, transaction, siteId, jobId);

    public IReadOnlyList<Model.RunRecord> ReadRunHistory(long jobId, DateTimeOffset since) =>
        (_history ??= new RunHistoryReader(connection, transaction)).Read(jobId, since);

    public GridWindow ReadGridWindow(long jobId, DateTimeOffset from) => (_grid ??= new GridWindowReader(connection, transaction)).Read(jobId, from);

    public RunNote? FindDecisiveRun(long jobId) => (_problems ??= new ProblemRunReader(connection, transaction)).Decisive(jobId);

    public RunNote? FindVerifiedRun(long jobId) => (_problems ??= new ProblemRunReader(connection, transaction)).Verified(jobId);

    public IReadOnlyList<SiteRow> ReadSites(long? siteId = null)
    {
        using var command = SqlCommands.Command(connection, transaction, """
            SELECT s.id, c.id, c.name, s.name FROM sites s JOIN customers c ON c.id = s.customer_id
            WHERE $id IS NULL OR s.id = $id
            """, ("$id", siteId));
        using var r = command.ExecuteReader();
        var sites = new List<SiteRow>();
        while (r.Read())
        {
            sites.Add(new SiteRow(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3)));
        }

        return sites;
    }

    public IReadOnlyList<AgentRow> ReadAgents()
    {
        using var command = SqlCommands.Command(connection, transaction, "SELECT site_id, agent_key, host_name, last_seen, open_streams FROM agents");
        using var r = command.ExecuteReader();
        var agents = new List<AgentRow>();
        while (r.Read())
        {
            agents.Add(new AgentRow(r.GetInt64(0), r.GetString(1), r.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)), r.GetInt64(4) > 0));
        }

        return agents;
    }

    public IReadOnlyDictionary<long, int> CountFiringAlerts()
    {
        // "state <> 'resolved'" lets SQLite use the partial index of open alerts instead of scanning the history.
        using var command = SqlCommands.Command(connection, transaction, """
            SELECT site_id, count(*) FROM alerts
            WHERE state <> 'resolved' AND state = 'firing' AND muted = 0 AND held_by IS NULL
            GROUP BY site_id
            """);
        using var r = command.ExecuteReader();
        var counts = new Dictionary<long, int>();
        while (r.Read())
        {
            counts[r.GetInt64(0)] = r.GetInt32(1);
        }

        return counts;
    }

    public int CountRuns(long jobId)
    {
        using var command = SqlCommands.Command(connection, transaction,
            "SELECT count(*) FROM observations WHERE job_id = $job AND superseded = 0", ("$job", jobId));
        return (int)(long)command.ExecuteScalar()!;
    }

    public IReadOnlyList<RunView> ReadRuns(long jobId, int limit, long offset)
    {
        using var command = SqlCommands.Command(connection, transaction, $"""
            SELECT observation_id, status, start_time, end_time, run_time, size_bytes, verification, verification_detail, message,
                   will_retry, {RunLocation.Sql}
            FROM observations WHERE job_id = $job AND superseded = 0
            ORDER BY run_time DESC, id DESC
            LIMIT $limit OFFSET $offset
            """, ("$job", jobId), ("$limit", limit), ("$offset", offset));
        using var r = command.ExecuteReader();
        var runs = new List<RunView>();
        while (r.Read())
        {
            runs.Add(new RunView(r.GetString(0), r.GetString(1), RunWords.Time(r, 2), RunWords.Time(r, 3),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)), r.GetInt64(5), r.GetString(6), r.GetString(7), r.GetString(8),
                r.GetInt64(9) != 0, r.IsDBNull(10) ? null : r.GetString(10)));
        }

        return runs;
    }

    public async ValueTask DisposeAsync()
    {
        _history?.Dispose();
        _grid?.Dispose();
        _problems?.Dispose();
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
