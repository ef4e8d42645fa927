using BackupHealth.Collector.Dashboard.Health;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Store;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Dashboard.Jobs;

/// <summary>Builds the job page: the job, its health and expectation, one page of runs (newest first) and the
/// newest runs for the chart. Setting or clearing the expectation goes through <see cref="IExpectationStore"/>
/// (<see cref="ExpectationRequestValidator"/> checks the form); the next read shows it.</summary>
internal sealed class JobPageQuery(SqliteConnectionFactory connections, JobAssessor assessor, TimeProvider time)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    public const int DefaultChartRuns = 60;
    public const int MaxChartRuns = 500;

    /// <summary>The page, or null when there is no such job or its customer is not in
    /// <paramref name="allowedCustomerIds"/> (null = all). A page beyond the last gives an empty run list.</summary>
    /// <exception cref="ArgumentOutOfRangeException">page below 1, page size or chart runs out of range.</exception>
    public async Task<JobPage?> GetAsync(long jobId, int page, int pageSize, IReadOnlySet<long>? allowedCustomerIds,
        CancellationToken cancellationToken, int chartRuns = DefaultChartRuns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(chartRuns, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chartRuns, MaxChartRuns);

        var now = time.GetUtcNow();
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        if (assessor.Assess(connection, null, jobId, now).SingleOrDefault() is not { } job
            || (allowedCustomerIds is not null && !allowedCustomerIds.Contains(job.Job.CustomerId)))
        {
            return null;
        }

        var total = (int)(long)Scalar(connection, "SELECT count(*) FROM observations WHERE job_id = $job AND superseded = 0", jobId)!;
        var runs = ReadRuns(connection, jobId, pageSize, (long)(page - 1) * pageSize);
        var chart = chartRuns == 0 ? [] : ReadRuns(connection, jobId, chartRuns, 0)
            .Where(r => r.Status != StatusNames.Running)
            .Select(r => new ChartRun(r.RunTime, r.SizeBytes, r.Duration, r.Status == StatusNames.Failed))
            .Reverse()
            .ToList();
        var row = job.Job;
        var detail = new JobDetail(row.JobId, row.CustomerId, row.Customer, row.SiteId, row.Site, row.AgentKey, row.HostName, row.JobKey,
            row.Name, row.SourceKind, row.ProtectedObject, row.Disabled, row.FirstSeen);
        return new JobPage(detail, job.Health, Expectation(job, now), new RunsPage(runs, page, pageSize, total), chart,
            VerifyingSources.CanVerify(row.SourceKind));
    }

    private static JobExpectationView Expectation(JobAssessment job, DateTimeOffset now)
    {
        var e = job.Expectation;
        return new JobExpectationView(e.Interval, e.Schedule?.Text, e.Grace, e.Source, Expectations.Expectation.SourceName(e.Source),
            e.Days?.ToString(), e.Describe(), job.History.LastCompleted, job.Deadline, job.Deadline is { } d && now > d,
            job.Job.Setting, job.Job.SettingUpdatedAt, job.Job.SettingUpdatedBy);
    }

    private static List<RunView> ReadRuns(SqliteConnection connection, long jobId, int limit, long offset)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT observation_id, status, start_time, end_time, run_time, size_bytes, verification, verification_detail, message,
                   will_retry, {History.RunLocation.Sql}
            FROM observations WHERE job_id = $job AND superseded = 0
            ORDER BY run_time DESC, id DESC
            LIMIT $limit OFFSET $offset
            """;
        command.Parameters.AddWithValue("$job", jobId);
        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$offset", offset);
        using var r = command.ExecuteReader();
        var runs = new List<RunView>();
        while (r.Read())
        {
            runs.Add(new RunView(r.GetString(0), r.GetString(1), History.RunWords.Time(r, 2), History.RunWords.Time(r, 3),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)), r.GetInt64(5), r.GetString(6), r.GetString(7), r.GetString(8),
                r.GetInt64(9) != 0, r.IsDBNull(10) ? null : r.GetString(10)));
        }

        return runs;
    }

    private static object? Scalar(SqliteConnection connection, string sql, long jobId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$job", jobId);
        return command.ExecuteScalar();
    }
}
