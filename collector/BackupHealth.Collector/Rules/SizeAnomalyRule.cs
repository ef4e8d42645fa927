using BackupHealth.Collector.Expectations;
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
            var sized = job.Runs.Where(r => CompletedRuns.IsCompleted(r) && r.SizeBytes > 0).Take(SizeAnomalyOptions.HistoryRuns + 1).ToList();
            var newest = job.Runs.FirstOrDefault(CompletedRuns.IsCompleted);
            if (newest is null || newest.SizeBytes <= 0 || sized.Count - 1 < _options.MinHistory)
            {
                continue;
            }

            var median = Median.Of(sized.Skip(1).Select(r => (double)r.SizeBytes).ToList());
            var ratio = newest.SizeBytes / median;
            var smaller = ratio * 100 < _options.BelowPercent;
            if (!smaller && ratio * 100 <= _options.AbovePercent)
            {
                continue;
            }

            var title = $"{job.Name}: backup much {(smaller ? "smaller" : "larger")} than usual";
            var detail = $"run of {RuleText.Time(newest.RunTime)} wrote {RuleText.Bytes(newest.SizeBytes)}, {RuleText.Percent(ratio)} of the median "
                + $"{RuleText.Bytes((long)median)} of the previous {sized.Count - 1} runs (alerts below {_options.BelowPercent}% or above {_options.AbovePercent}%)";
            yield return Findings.ForJob(job, RuleId, AlertSeverity.Warning, title, detail);
        }
    }
}
