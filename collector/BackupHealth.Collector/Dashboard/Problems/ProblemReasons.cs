using BackupHealth.Collector.Dashboard.Health;
using BackupHealth.Collector.Dashboard.History;
using BackupHealth.Contracts.V1;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Dashboard.Problems;

/// <summary>Says why a judged job is a problem, from the same facts its health was judged by (<see cref="JobHealthJudge"/>),
/// with the deciding run's time and words read from the store. Two commands prepared once, each on the (job, time)
/// index, reading one row.</summary>
internal sealed class ProblemReasons : IDisposable
{
    private readonly SqliteCommand _decisive;
    private readonly SqliteCommand _verified;

    public ProblemReasons(SqliteConnection connection)
    {
        // The run that decides failed/warning: the newest finished one, a failure the source will retry excepted.
        _decisive = Prepare(connection, """
            SELECT run_time, message FROM observations
            WHERE job_id = $job AND superseded = 0 AND status <> 'running' AND NOT (status = 'failed' AND will_retry <> 0)
            ORDER BY run_time DESC LIMIT 1
            """);
        _verified = Prepare(connection, """
            SELECT run_time, verification_detail FROM observations
            WHERE job_id = $job AND superseded = 0 AND verification IN ('passed', 'failed')
            ORDER BY run_time DESC LIMIT 1
            """);
    }

    public static bool IsProblem(JobHealthState health) => health <= JobHealthState.Warning;

    public ProblemReason Of(JobAssessment job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var history = job.History;
        return job.Health switch
        {
            JobHealthState.Failed or JobHealthState.Warning when history.Decisive is RunStatus.Failed or RunStatus.Warning =>
                Read(_decisive, job.Job.JobId, history.Decisive == RunStatus.Failed ? "failed" : "warning"),
            JobHealthState.Corrupt => Read(_verified, job.Job.JobId, "verification failed"),
            JobHealthState.Missed => history.LastCompleted is { } last
                ? new ProblemReason("missed, last backup", last)
                : new ProblemReason("missed, no backup has completed yet"),
            JobHealthState.Disabled => new ProblemReason("disabled at the source"),
            _ => new ProblemReason(JobHealthWord(job.Health)),
        };
    }

    public void Dispose()
    {
        _decisive.Dispose();
        _verified.Dispose();
    }

    private static string JobHealthWord(JobHealthState health) => health.ToString().ToLowerInvariant();

    private static ProblemReason Read(SqliteCommand command, long jobId, string what)
    {
        command.Parameters[0].Value = jobId;
        using var r = command.ExecuteReader();
        if (!r.Read())
        {
            return new ProblemReason(what);
        }

        var words = r.GetString(1).Trim();
        return new ProblemReason(what, RunWords.Time(r, 0), words.Length == 0 ? null : words);
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new SqliteParameter("$job", 0L));
        return command;
    }
}
