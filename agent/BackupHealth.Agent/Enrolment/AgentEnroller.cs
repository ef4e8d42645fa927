using System.Security.Cryptography.X509Certificates;
using BackupHealth.Agent.Transport;
using BackupHealth.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace BackupHealth.Agent.Enrolment;

/// <summary>Trades an enrolment token for a certificate: check the collector against the token's pin (no secret
/// sent yet), make a key here, send the token's secret with a signing request over a channel that trusts only the
/// pinned CA, and store key, certificate, CA and settings in <see cref="AgentIdentity"/>.</summary>
internal static class AgentEnroller
{
    public const string Step = "enrolling";

    /// <param name="collectorCaFileSeenByService">Where the service will find the CA file (install --root writes under
    /// another root); null: <see cref="AgentIdentity.CollectorCaFile"/>.</param>
    /// <exception cref="EnrolmentException">A step failed; nothing was stored.</exception>
    /// <exception cref="IOException">The identity could not be stored.</exception>
    /// <exception cref="UnauthorizedAccessException">The identity could not be stored.</exception>
    public static async Task<EnrolmentResult> EnrolAsync(
        EnrolmentToken token, string agentId, AgentIdentity identity, CancellationToken cancellationToken, string? collectorCaFileSeenByService = null,
        System.Net.IWebProxy? proxy = null)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(identity);
        using var ca = token.Pin is null ? null : await PinnedCollector.FindCaAsync(token, cancellationToken, proxy);
        var trust = ca is null ? CollectorTrust.System : CollectorTrust.Of([ca]);

        using var key = AgentKey.Create();
        var request = new EnrolRequest
        {
            Token = token.Secret,
            AgentId = agentId,
            Csr = ByteString.CopyFrom(AgentKey.SigningRequest(key, AgentKey.Subject(agentId))),
            HostName = Environment.MachineName,
        };
        AgentCertificate issued;
        using (var channel = CollectorChannel.Create(token.Url.ToString(), trust, proxy: proxy))
        {
            try
            {
                issued = await new Contracts.V1.Enrolment.EnrolmentClient(channel).EnrolAsync(request, cancellationToken: cancellationToken);
            }
            catch (RpcException ex)
            {
                throw EnrolmentFailure.From(Step, token.Url, ex);
            }
        }

        using var certificate = Certificate(issued);
        identity.Store(key, issued.Certificate.ToByteArray());
        if (ca is not null)
        {
            identity.StoreCollectorCa(ca);
        }

        var enrolledAs = string.IsNullOrEmpty(issued.AgentId) ? agentId : issued.AgentId;
        identity.StoreSettings(token.Url, ca is null ? null : collectorCaFileSeenByService ?? identity.CollectorCaFile, enrolledAs);
        return new EnrolmentResult(enrolledAs, issued.Customer, issued.Site, certificate.NotAfter.ToUniversalTime());
    }

    private static X509Certificate2 Certificate(AgentCertificate issued)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(issued.Certificate.Span);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new EnrolmentException($"{Step}: the collector's answer holds no readable certificate ({ex.Message})", ex);
        }
    }
}
