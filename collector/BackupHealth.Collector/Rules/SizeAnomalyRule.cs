using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Model;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary><c>size_anomaly</c>: the newest completed run wrote far less (a backup that silently shrank — a disk
/// or VM dropped from the job) or far more than the job usually does. Size 0 means unknown and is ignored.</summary>
internal sealed class SizeAnomalyRule(IOptions<SizeAnomalyOptions> options) : IAlertRule
{
    public const string RuleId = "size_anomaly";

    private readonly SizeAnomalyOptions _options = options.Value;

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
            if (newest is null || newest.SizeBytes <= 0)
            {
                continue;
            }

            var earlier = job.Runs.Where(r => CompletedRuns.IsUsable(r) && r.SizeBytes > 0 && !ReferenceEquals(r, newest)).ToList();
            if (Baseline.For(newest, earlier, r => r.SizeBytes, Unusual, _options.MinHistory, SizeAnomalyOptions.HistoryRuns) is not { } baseline)
            {
                continue;
            }

            var ratio = newest.SizeBytes / baseline.Median;
            if (!Unusual(ratio))
            {
                continue;
            }

            var smaller = ratio * 100 < _options.BelowPercent;
            var title = $"{job.Name}: backup much {(smaller ? "smaller" : "larger")} than usual";
            var detail = $"run of {RuleText.Time(newest.RunTime)} wrote {Figures.Size(newest.SizeBytes)}, {RuleText.Percent(ratio)} of the median "
                + $"{Figures.Size((long)baseline.Median)} of {baseline.Description} (alerts below {_options.BelowPercent}% or above {_options.AbovePercent}%)";
            yield return Findings.ForJob(job, RuleId, AlertSeverity.Warning, title, detail);
        }
    }

    private bool Unusual(double ratio) => ratio * 100 < _options.BelowPercent || ratio * 100 > _options.AbovePercent;
}
