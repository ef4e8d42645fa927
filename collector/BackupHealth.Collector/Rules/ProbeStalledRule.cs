using BackupHealth.Collector.Model;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary><c>probe_stalled</c>: the agent still talks, but one of its probes has not finished a run for N of its
/// intervals (a hung share, a script that never returns, a scheduler that died). Measured by the agent's clock from
/// the probe's last run to the agent's latest heartbeat, so clock skew cannot raise it; while the agent is silent,
/// <c>agent_silent</c> says so instead.</summary>
internal sealed class ProbeStalledRule(IOptions<ProbeStalledOptions> options) : IAlertRule
{
    public const string RuleId = "probe_stalled";

    private readonly ProbeStalledOptions _options = options.Value;

    public string Id => RuleId;

    public IEnumerable<RuleFinding> Evaluate(EvaluationSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!_options.Enabled)
        {
            yield break;
        }

        foreach (var agent in snapshot.Agents)
        {
            foreach (var probe in agent.Probes)
            {
                if (probe is not { Interval: { } interval, RunAge: { } age } || age <= interval * _options.Intervals)
                {
                    continue;
                }

                var detail = $"no run for {RuleText.Duration(age)} by the agent's latest heartbeat; it runs every {RuleText.Duration(interval)}"
                    + $" and alerts after {_options.Intervals} intervals without a run"
                    + (probe.LastRun is { } run ? $"; last run {RuleText.Time(run)}" : "");
                yield return Findings.ForProbe(agent, probe, RuleId, AlertSeverity.Warning,
                    $"Probe {probe.Name} on {agent.AgentKey} has stopped running", detail);
            }
        }
    }
}
