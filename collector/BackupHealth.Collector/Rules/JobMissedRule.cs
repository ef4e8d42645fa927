using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Health;
using BackupHealth.Collector.Model;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary><c>job_missed</c>: no successful run by the deadline of the job's expectation — the recovery point
/// objective is breached. The most important rule: it is what notices a backup that silently stopped. A job its source
/// lists but that never ran is due by its first deadline counted from when it was first listed ("never ran"). Judged
/// against only the default expectation (nobody set one, the source states none, too little history to learn), a miss
/// is a warning that asks for the expectation, not a critical page. The deadline is the dashboard's
/// (<see cref="JobHealthJudge.Deadline(Expectation, DateTimeOffset?, DateTimeOffset)"/>).</summary>
internal sealed class JobMissedRule(IExpectationResolver expectations, IOptions<JobMissedOptions> options) : IAlertRule
{
    public const string RuleId = "job_missed";

    private readonly JobMissedOptions _options = options.Value;

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
            var expectation = expectations.Resolve(job);
            var lastSuccess = CompletedRuns.Last(job.Runs);
            if (JobHealthJudge.Deadline(expectation, lastSuccess, job.FirstSeen) is not { } deadline || snapshot.Now <= deadline)
            {
                continue;
            }

            var since = lastSuccess is { } last
                ? $"last successful run {RuleText.Time(last)} ({RuleText.Duration(snapshot.Now - last)} ago)"
                : job.NeverRan
                    ? $"never ran: its source has listed it since {RuleText.Time(job.FirstSeen)} and no run of it was ever reported"
                    : $"no successful run on record since the job was first seen {RuleText.Time(job.FirstSeen)}";
            var detail = $"{since}; expected {expectation.Describe()}; due by {RuleText.Time(deadline)}";
            if (expectation.IsDefault)
            {
                // Nobody knows yet when this job should run: a new weekly job is not a 3 a.m. page after 26 hours.
                yield return Findings.ForJob(job, RuleId, AlertSeverity.Warning, $"{job.Name}: no backup within the default expectation",
                    $"expectation not known yet — set it on the job's page (the source states no schedule and there are too few runs to learn one); {detail}")
                    with { DueBy = deadline };
                continue;
            }

            yield return Findings.ForJob(job, RuleId, AlertSeverity.Critical, $"{job.Name} missed its backup", detail) with { DueBy = deadline };
        }
    }
}
