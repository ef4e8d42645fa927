using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Model;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary><c>duration_anomaly</c>: the newest completed run took far less or far more time than the job usually
/// does. Runs without both start and end time are left out.</summary>
internal sealed class DurationAnomalyRule(IOptions<DurationAnomalyOptions> options) : IAlertRule
{
    public const string RuleId = "duration_anomaly";

    private readonly DurationAnomalyOptions _options = options.Value;

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
            var newest = job.Runs.FirstOrDefault(CompletedRuns.IsUsable);
            if (newest?.Duration is not { } duration || duration <= TimeSpan.Zero)
            {
                continue;
            }

            var earlier = job.Runs.Where(r => CompletedRuns.IsUsable(r) && r.Duration > TimeSpan.Zero && !ReferenceEquals(r, newest)).ToList();
            if (Baseline.For(newest, earlier, r => r.Duration!.Value.TotalSeconds, Unusual, _options.MinHistory, DurationAnomalyOptions.HistoryRuns)
                is not { } baseline || baseline.Median < _options.MinMedian.TotalSeconds)
            {
                continue;
            }

            var ratio = duration.TotalSeconds / baseline.Median;
            if (!Unusual(ratio))
            {
                continue;
            }

            var shorter = ratio * 100 < _options.BelowPercent;
            var title = $"{job.Name}: run much {(shorter ? "shorter" : "longer")} than usual";
            var detail = $"run of {RuleText.Time(newest.RunTime)} took {RuleText.Duration(duration)}, {RuleText.Percent(ratio)} of the median "
                + $"{RuleText.Duration(TimeSpan.FromSeconds(baseline.Median))} of {baseline.Description} (alerts below {_options.BelowPercent}% or above {_options.AbovePercent}%)";
            yield return Findings.ForJob(job, RuleId, AlertSeverity.Warning, title, detail);
        }
    }

    private bool Unusual(double ratio) => ratio * 100 < _options.BelowPercent || ratio * 100 > _options.AbovePercent;
}
