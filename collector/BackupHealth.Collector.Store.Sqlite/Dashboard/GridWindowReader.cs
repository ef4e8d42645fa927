using BackupHealth.Collector.Dashboard.Grid;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Dashboard;

/// <summary>Per job: the newest completed run before the status grid's window (where the first deadline counts from)
/// and the runs inside it; two commands prepared once, each on the (job, time) index.</summary>
internal sealed class GridWindowReader : IDisposable
{
    private readonly SqliteCommand _anchor;
    private readonly SqliteCommand _runs;

    public GridWindowReader(SqliteConnection connection, SqliteTransaction transaction)
    {
        _anchor = SqlCommands.Command(connection, transaction, """
            SELECT run_time FROM observations
            WHERE job_id = $job AND run_time < $from AND superseded = 0 AND status IN ('success', 'warning')
            ORDER BY run_time DESC LIMIT 1
            """, ("$job", 0L), ("$from", 0L));
        _runs = SqlCommands.Command(connection, transaction, """
            SELECT run_time, status, will_retry, verification = 'failed' FROM observations
            WHERE job_id = $job AND run_time >= $from AND superseded = 0
            """, ("$job", 0L), ("$from", 0L));
    }

    public GridWindow Read(long jobId, DateTimeOffset from)
    {
        Bind(_anchor, jobId, from);
        var anchor = _anchor.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        Bind(_runs, jobId, from);
        using var r = _runs.ExecuteReader();
        var runs = new List<GridRun>();
        while (r.Read())
        {
            runs.Add(new GridRun(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), RunWords.Status(r.GetString(1)), r.GetInt64(2) != 0,
                r.GetInt64(3) != 0));
        }

        return new GridWindow(anchor, runs);
    }

    public void Dispose()
    {
        _anchor.Dispose();
        _runs.Dispose();
    }

    private static void Bind(SqliteCommand command, long jobId, DateTimeOffset from)
    {
        command.Parameters["$job"].Value = jobId;
        command.Parameters["$from"].Value = from.ToUnixTimeMilliseconds();
    }
}
