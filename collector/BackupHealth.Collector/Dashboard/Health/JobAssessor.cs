using BackupHealth.Collector.Dashboard.History;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Health;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Dashboard.Health;

/// <summary>Judges jobs: reads them, takes each one's history digest from the cache, applies the expectation in
/// force and <see cref="JobHealthJudge"/>. The one entry point for job health (dashboard models and the API).</summary>
internal sealed class JobAssessor(IDashboardReads reads, JobHistoryCache cache, IExpectationResolver resolver, TimeProvider time)
{
    public TimeProvider Time => time;

    /// <summary>Every job (or one site's), judged at the current time.</summary>
    public async Task<IReadOnlyList<JobAssessment>> AssessAsync(long? siteId, CancellationToken cancellationToken)
    {
        await using var view = await reads.OpenViewAsync(cancellationToken);
        return Assess(view, siteId, null, time.GetUtcNow());
    }

    /// <summary>Judges in a view the caller holds, so that the judgement agrees with whatever else it reads there.</summary>
    /// <param name="include">Judges only the jobs it accepts (e.g. of the customers a user may see); null = all.</param>
    public List<JobAssessment> Assess(IDashboardView view, long? siteId, long? jobId, DateTimeOffset now, Func<JobRow, bool>? include = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        IEnumerable<JobRow> rows = view.ReadJobs(siteId, jobId);
        if (include is not null)
        {
            rows = rows.Where(include);
        }

        var judged = rows.ToList();
        var digests = cache.Get(view, judged, now);
        return judged.Select(row => Assess(row, digests[row.JobId], now)).ToList();
    }

    public JobAssessment Assess(JobRow row, JobHistoryDigest history, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(row);
        var expectation = JobHealthJudge.Expectation(resolver, row.Setting, history, row.Stated);
        var facts = new JobFacts(expectation, history, row.FirstSeen, row.Disabled, row.LatestStatus == StatusNames.Running);
        return new JobAssessment(row, expectation, history, JobHealthJudge.Judge(facts, now), JobHealthJudge.Deadline(facts));
    }
}
