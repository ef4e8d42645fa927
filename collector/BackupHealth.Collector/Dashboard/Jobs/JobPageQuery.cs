using BackupHealth.Collector.Dashboard.Health;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Dashboard.Jobs;

/// <summary>Builds the job page: the job, its health and expectation, one page of runs (newest first) and the
/// newest runs for the chart. Setting or clearing the expectation goes through <see cref="IExpectationStore"/>
/// (<see cref="ExpectationRequestValidator"/> checks the form); the next read shows it.</summary>
internal sealed class JobPageQuery(IDashboardReads reads, JobAssessor assessor, TimeProvider time)
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
        await using var view = await reads.OpenViewAsync(cancellationToken);
        if (assessor.Assess(view, null, jobId, now).SingleOrDefault() is not { } job
            || (allowedCustomerIds is not null && !allowedCustomerIds.Contains(job.Job.CustomerId)))
        {
            return null;
        }

        var total = view.CountRuns(jobId);
        var runs = view.ReadRuns(jobId, pageSize, (long)(page - 1) * pageSize);
        var chart = chartRuns == 0 ? [] : view.ReadRuns(jobId, chartRuns, 0)
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
}
