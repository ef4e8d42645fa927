using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Ingest;

/// <summary>Keeps one visible row per run: when observations share a run id (a session seen running, then finished),
/// the finished one wins over running ones, and among equals the one observed last; the others are marked superseded
/// and left out of runs, rules and expectations. Rows stay, so a re-sent observation is still recognised as known.</summary>
internal sealed class RunStates(SqliteConnection connection) : IDisposable
{
    private readonly NativeStatement _statement = new(connection, """
        UPDATE observations
        SET superseded = (id <> (
            SELECT id FROM observations
            WHERE job_id = ?1 AND run_id = ?2
            ORDER BY status <> 'running' DESC, coalesce(observed_at, received_at) DESC, id DESC
            LIMIT 1))
        WHERE job_id = ?1 AND run_id = ?2
        """);

    public void Settle(long jobId, string runId)
    {
        _statement.Bind(1, jobId);
        _statement.Bind(2, runId);
        _statement.Execute();
    }

    public void Dispose() => _statement.Dispose();
}
