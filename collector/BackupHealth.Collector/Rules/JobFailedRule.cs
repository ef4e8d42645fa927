using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Health;
using BackupHealth.Collector.Model;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary><c>job_failed</c>: the newest finished run failed and nothing succeeded after it. A failure the source
/// will retry does not decide on its own: the run before it stands until the retry reports (<see cref="JobRuns.Decisive"/>,
/// the run that makes the dashboard's health word "failed").</summary>
internal sealed class JobFailedRule(IOptions<JobFailedOptions> options) : IAlertRule
{
    public const string RuleId = "job_failed";

    private readonly JobFailedOptions _options = options.Value;

    public string Id => RuleId;

    public IEnumerable<RuleFinding> Evaluate(EvaluationSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!_options.Enabled)
        {
            yield break;
        }

        foreach (var job in snapshot.Jobs)
        {
            if (Check(job) is { } finding)
            {
                yield return finding;
            }
        }
    }

    private static RuleFinding? Check(JobSnapshot job)
    {
        var decisive = JobRuns.Decisive(job.Runs);
        if (decisive?.Status != RunStatus.Failed)
        {
            return null;
        }

        var finished = job.Runs.Where(r => r.Status != RunStatus.Running).ToList();
        var failuresInRow = finished.TakeWhile(r => r.Status == RunStatus.Failed).Count();
        var retryPending = JobRuns.IsPendingRetry(finished[0]);
        var lastSuccess = CompletedRuns.Last(job.Runs);
        var detail = $"run of {RuleText.Time(decisive.RunTime)} failed: {RuleText.Quote(decisive.Message)}{RuleText.File(decisive.Location)}"
            + (failuresInRow > 1 ? $"; {failuresInRow} failed runs in a row" : "")
            + (retryPending ? $"; a retry of {RuleText.Time(finished[0].RunTime)} also failed and will be retried" : "")
            + (lastSuccess is { } last ? $"; last successful run {RuleText.Time(last)}" : "; no successful run on record");
        return Findings.ForJob(job, RuleId, AlertSeverity.Critical, $"{job.Name} failed", detail);
    }
}
