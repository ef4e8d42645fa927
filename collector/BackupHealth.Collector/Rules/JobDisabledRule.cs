using BackupHealth.Collector.Model;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary><c>job_disabled</c>: the backup source reports the job as disabled — someone switched it off, and it
/// will not run until someone switches it on again.</summary>
internal sealed class JobDisabledRule(IOptions<JobDisabledOptions> options) : IAlertRule
{
    public const string RuleId = "job_disabled";

    private readonly JobDisabledOptions _options = options.Value;

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
            if (job.Listing is { Enabled: false } listing)
            {
                var detail = $"{job.SourceKind} (probe {job.ProbeName} on {job.AgentKey}) reported the job disabled at {RuleText.Time(listing.ReportedAt)}";
                yield return Findings.ForJob(job, RuleId, AlertSeverity.Warning, $"{job.Name} is disabled", detail);
            }
        }
    }
}
