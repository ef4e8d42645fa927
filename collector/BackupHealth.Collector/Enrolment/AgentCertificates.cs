using System.Security.Cryptography.X509Certificates;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Enrolment;

/// <summary>The certificates issued to agents: recorded when issued, looked up by serial on every stream, marked when
/// first used (which retires the agent's older ones), revoked with their agent. Stamps the times; the store keeps
/// them.</summary>
internal sealed class AgentCertificates(IAgentCertificateStore store, TimeProvider time)
{
    public Task<AgentCertificateRecord?> FindAsync(string serial, CancellationToken cancellationToken) => store.FindAsync(serial, cancellationToken);

    /// <summary>Per agent (site id, agent id): its newest certificate's state, and refused second enrolments under its id.</summary>
    public Task<IReadOnlyDictionary<(long SiteId, string AgentKey), AgentCertificateState>> StatesAsync(CancellationToken cancellationToken) =>
        store.StatesAsync(cancellationToken);

    /// <summary>The first stream with a renewed certificate retires the agent's certificates issued before it; later
    /// streams write nothing.</summary>
    public Task MarkUsedAsync(AgentCertificateRecord certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.FirstUsed is not null ? Task.CompletedTask : store.MarkUsedAsync(certificate, time.GetUtcNow());
    }

    /// <summary>Revokes every certificate of the agent; the number revoked.</summary>
    public Task<int> RevokeAgentAsync(long siteId, string agentKey) => store.RevokeAgentAsync(siteId, agentKey, time.GetUtcNow());

    /// <summary>Records a renewed certificate, issued now.</summary>
    public Task RecordRenewalAsync(X509Certificate2 renewed, long siteId, string agentKey, string replacedSerial) =>
        store.RecordAsync(Describe(renewed, siteId, agentKey, "", "renewal:" + replacedSerial, time.GetUtcNow()));

    /// <summary><paramref name="certificate"/> as the store keeps it: its serial and key hash as this CA writes them.</summary>
    public static NewAgentCertificate Describe(X509Certificate2 certificate, long siteId, string agentKey, string hostName, string issuedBy, DateTimeOffset issued)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new NewAgentCertificate(AgentCertificateAuthority.SerialOf(certificate), siteId, agentKey, AgentCertificateAuthority.KeyHashOf(certificate.PublicKey),
            hostName, new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()), issuedBy, issued);
    }
}
