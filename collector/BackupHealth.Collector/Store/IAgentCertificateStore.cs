using BackupHealth.Collector.Enrolment;

namespace BackupHealth.Collector.Store;

/// <summary>The certificates issued to agents: recorded when issued, looked up by serial on every stream, marked when
/// first used, revoked with their agent. Revoking tells the live pages of the site's customer.</summary>
internal interface IAgentCertificateStore
{
    /// <summary>The certificate with <paramref name="serial"/>, or null when this collector did not record it.</summary>
    Task<AgentCertificateRecord?> FindAsync(string serial, CancellationToken cancellationToken);

    /// <summary>Per agent (site id, agent id): its newest certificate's state, and refused second enrolments under its
    /// id (the <c>agent.enrolment-duplicate</c> audit entries naming the agent).</summary>
    Task<IReadOnlyDictionary<(long SiteId, string AgentKey), AgentCertificateState>> StatesAsync(CancellationToken cancellationToken);

    /// <summary>Records a certificate issued outside an enrolment (a renewal).</summary>
    Task RecordAsync(NewAgentCertificate certificate);

    /// <summary>Marks <paramref name="certificate"/> used at <paramref name="at"/> unless it was already, and retires
    /// (marks replaced) the agent's certificates issued before it, in one unit of work: a renewed certificate's first
    /// stream is what makes the older ones stop counting.</summary>
    Task MarkUsedAsync(AgentCertificateRecord certificate, DateTimeOffset at);

    /// <summary>Revokes every certificate of the agent not revoked yet; the number revoked.</summary>
    Task<int> RevokeAgentAsync(long siteId, string agentKey, DateTimeOffset at);
}

/// <summary>A certificate just issued, as the store keeps it: the agent's key only as the SHA-256 of its public key
/// info, and who issued it (<c>enrolment-token:ID</c> or <c>renewal:SERIAL</c>).</summary>
internal sealed record NewAgentCertificate(
    string Serial, long SiteId, string AgentKey, string KeySha256, string HostName, DateTimeOffset NotBefore, DateTimeOffset NotAfter,
    string IssuedBy, DateTimeOffset Issued);
