using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using BackupHealth.Collector.Enrolment;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Limits;
using BackupHealth.Collector.Store;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Ingest;

/// <summary>Finds who an ingest stream belongs to: from the agent's client certificate — which this collector's agent CA
/// must have signed and whose serial must be in the table of issued certificates, not revoked, not replaced and not
/// expired, checked on every stream — or, only with <c>Collector:AllowSiteTokens</c>, from an
/// <c>authorization: Bearer &lt;site token&gt;</c> header. The site always comes from here, never from anything the
/// agent says. An address that failed too often (<see cref="AgentAuthFailures"/>) is refused before its credentials
/// are looked at.</summary>
internal sealed class AgentAuthenticator(
    ICollectorReads queries,
    AgentCertificateAuthority authority,
    AgentCertificates certificates,
    IOptions<CollectorOptions> options,
    AgentAuthFailures failures,
    TimeProvider time,
    ILogger<AgentAuthenticator> logger)
{
    private const string Scheme = "Bearer ";

    /// <exception cref="RpcException">ResourceExhausted, when the address has used up its failed attempts;
    /// Unauthenticated, when the certificate or token is missing, unknown, expired or replaced; PermissionDenied,
    /// when the agent is revoked.</exception>
    public async Task<AgentCredentials> AuthenticateAsync(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = AddressKey.Of(context.GetHttpContext().Connection.RemoteIpAddress);
        if (failures.Window.RetryAfter(address) is { } wait)
        {
            throw IngestErrors.AddressBlocked(Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }

        if (context.GetHttpContext().Connection.ClientCertificate is { } certificate)
        {
            return await ByCertificateAsync(certificate, address, context.CancellationToken);
        }

        if (!options.Value.AllowSiteTokens)
        {
            throw Failed(address, "this collector accepts only agents with their own certificate: enrol the agent with an enrolment token "
                + "(backuphealth-agent enroll --token-file FILE; docs/security.md)");
        }

        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            throw Failed(address, "missing agent token: send 'authorization: Bearer <token>', or enrol the agent for a certificate");
        }

        var token = header[Scheme.Length..].Trim();
        var site = await queries.FindSiteByTokenHashAsync(TokenHash.Of(token), context.CancellationToken)
            ?? throw Failed(address, "unknown or revoked agent token");
        return new AgentCredentials(site, null);
    }

    private async Task<AgentCredentials> ByCertificateAsync(X509Certificate2 certificate, string address, CancellationToken cancellationToken)
    {
        if (!authority.Issued(certificate))
        {
            throw Failed(address, "the client certificate was not issued by this collector's agent CA");
        }

        var record = await certificates.FindAsync(AgentCertificateAuthority.SerialOf(certificate), cancellationToken)
            ?? throw Failed(address, $"certificate {AgentCertificateAuthority.SerialOf(certificate)} is not in this collector's table of agents");
        var now = time.GetUtcNow().UtcDateTime;
        if (record.Revoked is { } revoked)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"agent '{record.AgentKey}' was revoked on {revoked:u}"));
        }

        if (record.Replaced is not null)
        {
            throw Failed(address, $"certificate {record.Serial} was replaced by a renewed one: connect with the new certificate");
        }

        if (record.NotAfter <= now)
        {
            throw Failed(address, $"the certificate of agent '{record.AgentKey}' expired on {record.NotAfter:u}: the agent renews it "
                + "(Enrolment/Renew) within the grace period, or must enrol again");
        }

        if (certificate.NotBefore.ToUniversalTime() > now)
        {
            throw Failed(address, $"the certificate of agent '{record.AgentKey}' is not valid before {certificate.NotBefore.ToUniversalTime():u}");
        }

        return new AgentCredentials(new SiteIdentity(record.SiteId, record.Customer, record.Site), record);
    }

    private RpcException Failed(string address, string detail)
    {
        if (failures.Window.Record(address))
        {
            Log.AgentAddressBlocked(logger, address, failures.Window.Limit, failures.Window.Window);
        }

        return new RpcException(new Status(StatusCode.Unauthenticated, detail));
    }
}
