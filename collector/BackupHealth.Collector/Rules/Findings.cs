using BackupHealth.Collector.Model;

namespace BackupHealth.Collector.Rules;

/// <summary>Findings about a job or an agent carry its site and ids the same way in every rule.</summary>
internal static class Findings
{
    public static RuleFinding ForJob(JobSnapshot job, string rule, AlertSeverity severity, string title, string detail) =>
        new(rule, Subjects.Job(job.JobId), severity, job.SiteId, job.AgentId, job.JobId, title, detail);

    public static RuleFinding ForAgent(AgentSnapshot agent, string rule, AlertSeverity severity, string title, string detail) =>
        new(rule, Subjects.Agent(agent.AgentId), severity, agent.SiteId, agent.AgentId, null, title, detail);

    public static RuleFinding ForProbe(AgentSnapshot agent, ProbeSnapshot probe, string rule, AlertSeverity severity, string title, string detail) =>
        new(rule, Subjects.Probe(agent.AgentId, probe.Name), severity, agent.SiteId, agent.AgentId, null, title, detail);
}
