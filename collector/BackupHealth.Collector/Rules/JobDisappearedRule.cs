using BackupHealth.Collector.Model;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary><c>job_disappeared</c>: the job's probe lists its source's jobs, and the latest list no longer has this
/// one — the job was deleted or renamed at the source. Only for probes that send job lists at all.</summary>
internal sealed class JobDisappearedRule(IOptions<JobDisappearedOptions> options) : IAlertRule
{
    public const string RuleId = "job_disappeared";

    private readonly JobDisappearedOptions _options = options.Value;

    public string Id => RuleId;

    public IEnumerable<RuleFinding> Evaluate(EvaluationSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!_options.Enabled)
        {
            yield break;
        }

        foreach (var job in snapshot.Jobs.Where(j => j.ListedByProbe && j.Listing is null))
        {
            var lastRun = job.Runs.Count > 0 ? $"; its last run was {RuleText.Time(job.Runs[0].RunTime)}" : "";
            var detail = $"probe {job.ProbeName} on {job.AgentKey} no longer lists job '{job.JobKey}' ({job.SourceKind}){lastRun}";
            yield return Findings.ForJob(job, RuleId, AlertSeverity.Warning, $"{job.Name} is no longer known to its source", detail);
        }
    }
}
