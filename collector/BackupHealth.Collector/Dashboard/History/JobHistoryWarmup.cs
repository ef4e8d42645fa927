using BackupHealth.Collector.Dashboard.Health;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Dashboard.History;

/// <summary>Fills the job history cache once, in the background, right after start: the first judgement of every
/// job reads its whole recent history (seconds with thousands of jobs), which would otherwise land on whoever opens
/// the overview first.</summary>
internal sealed class JobHistoryWarmup(JobAssessor assessor, ILogger<JobHistoryWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var jobs = await assessor.AssessAsync(null, stoppingToken);
            Log.JobHistoryWarmed(logger, jobs.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Only a head start: the first page view does the same work if this could not.
            Log.JobHistoryWarmupFailed(logger, ex);
        }
    }
}
