using BackupHealth.Collector.Dashboard.Problems;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Dashboard;

/// <summary>The runs that explain a problem job: the newest one that decides failed/warning and the newest verified
/// one. Two commands prepared once, each on the (job, time) index, reading one row.</summary>
internal sealed class ProblemRunReader : IDisposable
{
    private readonly SqliteCommand _decisive;
    private readonly SqliteCommand _verified;

    public ProblemRunReader(SqliteConnection connection, SqliteTransaction transaction)
    {
        // The run that decides failed/warning: the newest finished one, a failure the source will retry excepted.
        _decisive = SqlCommands.Command(connection, transaction, """
            SELECT run_time, message FROM observations
            WHERE job_id = $job AND superseded = 0 AND status <> 'running' AND NOT (status = 'failed' AND will_retry <> 0)
            ORDER BY run_time DESC LIMIT 1
            """, ("$job", 0L));
        _verified = SqlCommands.Command(connection, transaction, """
            SELECT run_time, verification_detail FROM observations
            WHERE job_id = $job AND superseded = 0 AND verification IN ('passed', 'failed')
            ORDER BY run_time DESC LIMIT 1
            """, ("$job", 0L));
    }

    public RunNote? Decisive(long jobId) => Read(_decisive, jobId);

    public RunNote? Verified(long jobId) => Read(_verified, jobId);

    public void Dispose()
    {
        _decisive.Dispose();
        _verified.Dispose();
    }

    private static RunNote? Read(SqliteCommand command, long jobId)
    {
        command.Parameters["$job"].Value = jobId;
        using var r = command.ExecuteReader();
        return r.Read() ? new RunNote(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), r.GetString(1)) : null;
    }
}
