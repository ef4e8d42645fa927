using BackupHealth.Collector.Limits;
using BackupHealth.Collector.Model;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary><c>agent_flooding</c>: the collector refused observations of an agent because it sent more than its quota
/// (a broken probe that re-reports everything, or a stolen credential). One alert per agent while refusals go on; it
/// resolves once <c>Collector:Limits:FloodingQuietPeriod</c> passes without one. The refusals are counted in memory
/// by ingest's observation quota (<see cref="IFloodWatch"/>), not in the store: after a restart the alert resolves unless the agent floods again.</summary>
internal sealed class AgentFloodingRule(IFloodWatch floods, IOptions<AgentFloodingOptions> options, IOptions<LimitsOptions> limits) : IAlertRule
{
    public const string RuleId = "agent_flooding";

    public string Id => RuleId;

    public IEnumerable<RuleFinding> Evaluate(EvaluationSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!options.Value.Enabled)
        {
            yield break;
        }

        var flooding = floods.Flooding(snapshot.Now);
        foreach (var agent in snapshot.Agents)
        {
            if (!flooding.TryGetValue((agent.SiteId, agent.AgentKey), out var flood))
            {
                continue;
            }

            var detail = $"since {RuleText.Time(flood.Since)} the collector refused {flood.Refused} observations of this agent "
                + $"(host {agent.HostName}, {agent.Customer} / {agent.Site}) over its quota ({LimitsOptions.SectionName}:{flood.Setting}), "
                + $"last at {RuleText.Time(flood.LastRefused)}; what it sends within the quota is still stored. "
                + $"Check the agent's probes, or revoke it if its credential is not its own; "
                + $"this resolves {RuleText.Duration(limits.Value.FloodingQuietPeriod)} after the last refusal";
            yield return Findings.ForAgent(agent, RuleId, AlertSeverity.Critical, $"Agent {agent.AgentKey} sends more observations than its quota", detail);
        }
    }
}
