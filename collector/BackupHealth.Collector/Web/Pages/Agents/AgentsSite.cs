using BackupHealth.Collector.Agents;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Web.Pages.Agents;

/// <summary>One site on the agents page: its agents, its site tokens and its enrolment tokens.</summary>
internal sealed record AgentsSite(
    SiteRecord Site, IReadOnlyList<AgentRecord> Agents, IReadOnlyList<AgentTokenRecord> Tokens, IReadOnlyList<Enrolment.EnrolmentTokenRecord> EnrolmentTokens);

/// <summary>A token just created: shown once, with the settings an agent needs to use it.</summary>
/// <param name="CaPem">The collector's own CA certificate, which the agent must trust (Agent:CollectorCaFile); null when
/// the collector presents a configured certificate.</param>
internal sealed record CreatedAgentToken(long SiteId, string Name, string Token, string CollectorUrl, string ConfigJson, string? CaPem, string? CaPin);
