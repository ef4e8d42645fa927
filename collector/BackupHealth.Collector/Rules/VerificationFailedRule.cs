using BackupHealth.Collector.Health;
using BackupHealth.Collector.Model;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary><c>verification_failed</c>: the newest run that was verified at all failed its verification (export
/// checksum, repository verify). A later run that passes verification clears it; unverified runs change nothing
/// (<see cref="JobRuns.Verified"/>, the run that makes the dashboard's health word "corrupt").</summary>
internal sealed class VerificationFailedRule(IOptions<VerificationFailedOptions> options) : IAlertRule
{
    public const string RuleId = "verification_failed";

    private readonly VerificationFailedOptions _options = options.Value;

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
            var verified = JobRuns.Verified(job.Runs);
            if (verified?.Verification != VerificationState.Failed)
            {
                continue;
            }

            var detail = $"run of {RuleText.Time(verified.RunTime)} failed verification: {RuleText.Quote(verified.VerificationDetail)}{RuleText.File(verified.Location)}";
            yield return Findings.ForJob(job, RuleId, AlertSeverity.Critical, $"{job.Name}: verification failed", detail);
        }
    }
}
