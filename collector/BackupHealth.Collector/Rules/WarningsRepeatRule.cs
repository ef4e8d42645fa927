using BackupHealth.Collector.Model;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary><c>warnings_repeat</c>: the newest N finished runs all ended with a warning. One warning is noise; a
/// warning every night is a problem nobody is looking at.</summary>
internal sealed class WarningsRepeatRule(IOptions<WarningsRepeatOptions> options) : IAlertRule
{
    public const string RuleId = "warnings_repeat";

    private readonly WarningsRepeatOptions _options = options.Value;

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
            var warnings = job.Runs.Where(r => r.Status != RunStatus.Running).TakeWhile(r => r.Status == RunStatus.Warning).ToList();
            if (warnings.Count < _options.Count)
            {
                continue;
            }

            var detail = $"the newest {warnings.Count} finished runs ended with warnings, since {RuleText.Time(warnings[^1].RunTime)}; "
                + $"newest ({RuleText.Time(warnings[0].RunTime)}): {RuleText.Quote(warnings[0].Message)}";
            yield return Findings.ForJob(job, RuleId, AlertSeverity.Warning, $"{job.Name}: {warnings.Count} warnings in a row", detail);
        }
    }
}
