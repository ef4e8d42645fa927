using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;

namespace BackupHealth.Collector.Alerts;

/// <summary>Judgement waits for agents that are catching up: while an agent's heartbeats report unsent observations,
/// what the collector has of its jobs is history still arriving, and a job whose newest run is on its way is not missed.
/// Its jobs' alerts (and the coverage of its site's VMs) neither open nor resolve until the backlog is in, or until
/// <see cref="AlertOptions.BacklogHold"/> has passed since the backlog was first reported — an agent that cannot get
/// its data through is judged on what arrived.</summary>
internal sealed class BacklogHold
{
    private readonly HashSet<long> _agents;
    private readonly HashSet<long> _sites;

    public BacklogHold(EvaluationSnapshot snapshot, TimeSpan hold)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var waiting = snapshot.Agents.Where(a => Until(a, hold) is { } until && snapshot.Now < until).ToList();
        _agents = waiting.Select(a => a.AgentId).ToHashSet();
        _sites = waiting.Select(a => a.SiteId).ToHashSet();
    }

    public bool Any => _agents.Count > 0;

    /// <summary>When judgement of the agent's jobs resumes at the latest; null when it has no backlog.</summary>
    public static DateTimeOffset? Until(AgentSnapshot agent, TimeSpan hold)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return agent.OutboxDepth > 0 && agent.BacklogSince is { } since ? since + hold : null;
    }

    /// <summary>Whether an alert of this subject waits: a job of a catching-up agent, or a VM of a site where an agent
    /// is catching up (the run that protects it may be in that backlog). Agent and probe alerts never wait.</summary>
    public bool Waits(string subject, long siteId, long? agentId)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (Subjects.IsJob(subject))
        {
            return agentId is { } agent && _agents.Contains(agent);
        }

        return Subjects.IsVm(subject) && _sites.Contains(siteId);
    }
}
