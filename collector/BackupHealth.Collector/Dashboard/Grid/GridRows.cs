using BackupHealth.Collector.Dashboard.Health;
using BackupHealth.Collector.Dashboard.History;
using BackupHealth.Collector.Store;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Dashboard.Grid;

/// <summary>Turns judged jobs into grid rows: one cell per day of <c>columns</c>, read from the runs inside the
/// window. Shared by a site's status grid, the overview's problem jobs and the all-sites problems grid.</summary>
internal static class GridRows
{
    /// <param name="columns">The days, oldest first, in <paramref name="zone"/>.</param>
    public static List<GridRow> Build(SqliteConnection connection, IEnumerable<JobAssessment> jobs, IReadOnlyList<DateOnly> columns,
        TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(columns);
        using var runs = new WindowReader(connection, LocalDays.StartOf(columns[0], zone));
        return jobs.Select(job => Row(job, runs, columns, zone, now)).ToList();
    }

    /// <summary>The last <paramref name="days"/> calendar days of <paramref name="zone"/>, oldest first, today last.</summary>
    public static List<DateOnly> LastDays(int days, TimeZoneInfo zone, DateTimeOffset now)
    {
        var today = LocalDays.DayOf(now, zone);
        return Enumerable.Range(0, days).Select(i => today.AddDays(i - days + 1)).ToList();
    }

    private static GridRow Row(JobAssessment job, WindowReader runs, IReadOnlyList<DateOnly> columns, TimeZoneInfo zone, DateTimeOffset now)
    {
        var (anchor, window) = runs.Read(job.Job.JobId);
        var cells = DayOutcomes.Build(job.Expectation, job.Job.FirstSeen, anchor, window, job.Job.LatestStatus == StatusNames.Running,
            columns, zone, now);
        return new GridRow(job.Job.JobId, job.Job.Name, job.Job.AgentKey, job.Job.SourceKind, job.Job.ProtectedObject, job.Health,
            job.Expectation.Describe(), cells);
    }

    /// <summary>Per job: the newest completed run before the window (where the first deadline counts from) and the
    /// runs inside it; two commands prepared once, each on the (job, time) index.</summary>
    private sealed class WindowReader : IDisposable
    {
        private readonly SqliteCommand _anchor;
        private readonly SqliteCommand _runs;

        public WindowReader(SqliteConnection connection, DateTimeOffset from)
        {
            _anchor = Prepare(connection, """
                SELECT run_time FROM observations
                WHERE job_id = $job AND run_time < $from AND superseded = 0 AND status IN ('success', 'warning')
                ORDER BY run_time DESC LIMIT 1
                """, from);
            _runs = Prepare(connection, """
                SELECT run_time, status, will_retry, verification = 'failed' FROM observations
                WHERE job_id = $job AND run_time >= $from AND superseded = 0
                """, from);
        }

        public (DateTimeOffset? Anchor, List<GridRun> Runs) Read(long jobId)
        {
            _anchor.Parameters[0].Value = jobId;
            var anchor = _anchor.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
            _runs.Parameters[0].Value = jobId;
            using var r = _runs.ExecuteReader();
            var runs = new List<GridRun>();
            while (r.Read())
            {
                runs.Add(new GridRun(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), RunWords.Status(r.GetString(1)), r.GetInt64(2) != 0,
                    r.GetInt64(3) != 0));
            }

            return (anchor, runs);
        }

        public void Dispose()
        {
            _anchor.Dispose();
            _runs.Dispose();
        }

        private static SqliteCommand Prepare(SqliteConnection connection, string sql, DateTimeOffset from)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.Add(new SqliteParameter("$job", 0L));
            command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
            return command;
        }
    }
}
