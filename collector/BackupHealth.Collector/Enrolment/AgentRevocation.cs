using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Limits;
using BackupHealth.Collector.Store;
using Microsoft.AspNetCore.Http;

namespace BackupHealth.Collector.Enrolment;

/// <summary>Revoking an agent, the one way the page and the API do it: its certificates revoked, its open streams
/// ended at once (they get PermissionDenied), one audit row.</summary>
internal sealed class AgentRevocation(AgentCertificates certificates, StreamRegistry streams, IAuditLog audit)
{
    public async Task<(int CertificatesRevoked, int StreamsEnded)> RevokeAsync(AgentRecord agent, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var revoked = await certificates.RevokeAgentAsync(agent.SiteId, agent.AgentKey);
        var ended = streams.EndAgent(agent.SiteId, agent.AgentKey);
        await audit.RecordAsync(http, AuditActions.AgentRevoked, AuditTargets.Agent(agent.Customer, agent.Site, agent.AgentKey), agent.Customer,
            $"{revoked} certificate(s) revoked, {ended} open stream(s) ended");
        return (revoked, ended);
    }
}
