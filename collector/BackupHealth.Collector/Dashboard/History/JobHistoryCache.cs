using System.Collections.Concurrent;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Health;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Store;

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
    public Dictionary<long, JobHistoryDigest> Get(IDashboardView view, IEnumerable<JobRow> jobs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(jobs);
        var digests = new Dictionary<long, JobHistoryDigest>();
        foreach (var job in jobs)
        {
            if (_entries.TryGetValue(job.JobId, out var entry) && entry.IsValidFor(job, now))
            {
                digests[job.JobId] = entry.Digest;
                continue;
            }

            var history = view.ReadRunHistory(job.JobId, now - JobSnapshot.RunHistory);
            var digest = JobHistoryDigest.Of(history, resolver.Resolve(null, history));
            _entries[job.JobId] = new Entry(job.LatestTime, job.LastSuccess, now + RefreshAfter + Stagger(job.JobId), digest);
            digests[job.JobId] = digest;
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
}
