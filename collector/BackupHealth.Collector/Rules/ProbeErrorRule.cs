using BackupHealth.Collector.Model;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary><c>probe_error</c>: a probe could not read its backup source for N cycles in a row (credentials
/// expired, API down, share gone), or its agent's outbox could not take what it read (<c>outbox_full</c>: a full
/// data disk). Without it, a blind probe would look like a quiet night.</summary>
internal sealed class ProbeErrorRule(IOptions<ProbeErrorOptions> options) : IAlertRule
{
    public const string RuleId = "probe_error";

    private readonly ProbeErrorOptions _options = options.Value;

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
            foreach (var probe in agent.Probes.Where(p => !p.Ok && p.ConsecutiveFailures >= _options.Failures))
            {
                if (probe.OutboxFull)
                {
                    yield return Findings.ForProbe(agent, probe, RuleId, AlertSeverity.Warning,
                        $"Outbox of agent {agent.AgentKey} is full: probe {probe.Name} cannot queue its facts",
                        $"{probe.ConsecutiveFailures} cycles in a row: {RuleText.Quote(probe.Message)}");
                    continue;
                }

                var detail = $"{probe.ConsecutiveFailures} failed cycles in a row"
                    + (probe.LastRun is { } run ? $", last run {RuleText.Time(run)}" : "")
                    + (probe.LastSuccess is { } ok ? $", last read its source {RuleText.Time(ok)}" : ", never read its source")
                    + $": {RuleText.Quote(probe.Message)}";
                yield return Findings.ForProbe(agent, probe, RuleId, AlertSeverity.Warning,
                    $"Probe {probe.Name} on {agent.AgentKey} cannot read its source", detail);
            }
        }
    }
}
