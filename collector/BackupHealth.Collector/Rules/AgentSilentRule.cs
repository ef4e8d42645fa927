using BackupHealth.Collector.Model;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary><c>agent_silent</c>: an agent that is not connected and has not been heard from (heartbeats move
/// LastSeen) for longer than <c>Collector:Alerts:AgentSilentAfter</c>. A connected agent is not silent.</summary>
internal sealed class AgentSilentRule(IOptions<AgentSilentOptions> options) : IAlertRule
{
    public const string RuleId = "agent_silent";

    private readonly AgentSilentOptions _options = options.Value;

    public string Id => RuleId;

    public IEnumerable<RuleFinding> Evaluate(EvaluationSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        foreach (var agent in snapshot.Agents)
        {
            var silentFor = snapshot.Now - agent.LastSeen;
            if (agent.Connected || silentFor <= _options.AgentSilentAfter)
            {
                continue;
            }

            var detail = $"last heard from {RuleText.Time(agent.LastSeen)} (host {agent.HostName}, {agent.Customer} / {agent.Site}); "
                + $"an agent is silent after {RuleText.Duration(_options.AgentSilentAfter)} without a connection";
            yield return Findings.ForAgent(agent, RuleId, AlertSeverity.Critical, $"Agent {agent.AgentKey} silent for {RuleText.Duration(silentFor)}", detail);
        }
    }
}
