using System.Collections.Concurrent;
using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Dashboard.Health;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Rules;
using BackupHealth.Contracts.V1;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Dashboard.History;

/// <summary>Keeps each job's <see cref="JobHistoryDigest"/> (learned expectation, last completed run, the run that
/// decides its state) so that a page over 6,000 jobs does not read and learn from half a million runs on every
/// request. An entry stays valid while the job's jobs.latest_time and jobs.last_success are unchanged — every stored
/// run moves one of them — and is refreshed anyway after <see cref="RefreshAfter"/> (plus a stagger per job, so
/// entries made together do not expire together), because the 90-day window the rules learn from moves with time.</summary>
internal sealed class JobHistoryCache(IExpectationResolver resolver)
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromHours(6);

    /// <summary>Spreads refreshes of entries computed at the same moment (a cold start) over this much time.</summary>
    public const int StaggerMinutes = 60;

    private readonly ConcurrentDictionary<long, Entry> _entries = new();

    /// <summary>The digest of each job, reading the runs of those whose cached digest is missing or out of date.</summary>
    public Dictionary<long, JobHistoryDigest> Get(SqliteConnection connection, IEnumerable<JobRow> jobs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var digests = new Dictionary<long, JobHistoryDigest>();
        RunReader? runs = null;
        try
        {
            foreach (var job in jobs)
            {
                if (_entries.TryGetValue(job.JobId, out var entry) && entry.IsValidFor(job, now))
                {
                    digests[job.JobId] = entry.Digest;
                    continue;
                }

                runs ??= new RunReader(connection, now - Rules.JobSnapshot.RunHistory);
                var history = runs.Read(job.JobId);
                var digest = JobHistoryDigest.Of(history, resolver.Resolve(null, history));
                _entries[job.JobId] = new Entry(job.LatestTime, job.LastSuccess, now + RefreshAfter + Stagger(job.JobId), digest);
                digests[job.JobId] = digest;
            }
        }
        finally
        {
            runs?.Dispose();
        }

        return digests;
    }

    /// <summary>How many digests are held (for tests and the benchmark).</summary>
    public int Count => _entries.Count;

    private static TimeSpan Stagger(long jobId) => TimeSpan.FromMinutes(jobId % StaggerMinutes);

    private sealed record Entry(long? LatestTime, long? LastSuccess, DateTimeOffset RefreshAt, JobHistoryDigest Digest)
    {
        public bool IsValidFor(JobRow job, DateTimeOffset now) =>
            LatestTime == job.LatestTime && LastSuccess == job.LastSuccess && now < RefreshAt;
    }

    /// <summary>A job's runs as the alert rules see them (newest <see cref="JobSnapshot.MaxRuns"/> within the run
    /// history window), through one command prepared once and run per job on the (job, time) index.</summary>
    private sealed class RunReader : IDisposable
    {
        private readonly SqliteCommand _command;

        public RunReader(SqliteConnection connection, DateTimeOffset since)
        {
            _command = connection.CreateCommand();
            _command.CommandText = """
                SELECT observation_id, status, start_time, end_time, run_time, size_bytes, verification, message, will_retry
                FROM observations WHERE job_id = $job AND run_time >= $since AND superseded = 0
                ORDER BY run_time DESC, id DESC
                LIMIT $limit
                """;
            _command.Parameters.Add(new SqliteParameter("$job", 0L));
            _command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
            _command.Parameters.AddWithValue("$limit", JobSnapshot.MaxRuns);
        }

        public List<RunRecord> Read(long jobId)
        {
            _command.Parameters[0].Value = jobId;
            using var r = _command.ExecuteReader();
            var runs = new List<RunRecord>();
            while (r.Read())
            {
                runs.Add(new RunRecord(r.GetString(0), RunWords.Status(r.GetString(1)), RunWords.Time(r, 2), RunWords.Time(r, 3),
                    DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)), r.GetInt64(5), RunWords.Verification(r.GetString(6)),
                    "", r.GetString(7), r.GetInt64(8) != 0));
            }

            return runs;
        }

        public void Dispose() => _command.Dispose();
    }
}
