using BackupHealth.Collector.Dashboard.History;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Store;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Dashboard.Health;

/// <summary>Judges jobs: reads them, takes each one's history digest from the cache, applies the expectation in
/// force and <see cref="JobHealthJudge"/>. The one entry point for job health (dashboard models and the API).</summary>
internal sealed class JobAssessor(SqliteConnectionFactory connections, JobHistoryCache cache, IExpectationResolver resolver, TimeProvider time)
{
    public TimeProvider Time => time;

    /// <summary>Every job (or one site's), judged at the current time.</summary>
    public async Task<IReadOnlyList<JobAssessment>> AssessAsync(long? siteId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        return Assess(connection, siteId, null, time.GetUtcNow());
    }

    /// <summary>Judges on a connection the caller holds (inside its read transaction, for one consistent view).</summary>
    /// <param name="include">Judges only the jobs it accepts (e.g. of the customers a user may see); null = all.</param>
    public List<JobAssessment> Assess(SqliteConnection connection, long? siteId, long? jobId, DateTimeOffset now, Func<JobRow, bool>? include = null)
    {
        var rows = JobRowReader.Read(connection, siteId, jobId);
        if (include is not null)
        {
            rows = rows.Where(include).ToList();
        }

        var digests = cache.Get(connection, rows, now);
        return rows.Select(row => Assess(row, digests[row.JobId], now)).ToList();
    }

    public JobAssessment Assess(JobRow row, JobHistoryDigest history, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(row);
        var expectation = JobHealthJudge.Expectation(resolver, row.Setting, history, row.Stated);
        var facts = new JobFacts(expectation, history, row.FirstSeen, row.Disabled, row.LatestStatus == StatusNames.Running);
        return new JobAssessment(row, expectation, history, JobHealthJudge.Judge(facts, now), JobHealthJudge.Deadline(facts));
    }
}
