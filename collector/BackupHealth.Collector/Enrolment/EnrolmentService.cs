using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Ingest;
using BackupHealth.Collector.Limits;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Tls;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Enrolment;

/// <summary><c>backuphealth.v1.Enrolment</c>: the collector's CA for pinning, an enrolment token traded for an agent
/// certificate, and renewal with the certificate being renewed. A refused token counts as a failed credential of the
/// caller's address (<see cref="AgentAuthFailures"/>), like a wrong agent token.</summary>
internal sealed class EnrolmentService(
    ServerCertificates server,
    AgentCertificateAuthority authority,
    IEnrolmentStore enrolments,
    AgentCertificates certificates,
    IOptions<EnrolmentOptions> options,
    AgentAuthFailures failures,
    TimeProvider time,
    IAuditLog audit,
    ILogger<EnrolmentService> logger) : Contracts.V1.Enrolment.EnrolmentBase
{
    public override Task<CollectorCa> GetCollectorCa(CollectorCaRequest request, ServerCallContext context)
    {
        var reply = new CollectorCa();
        reply.Certificates.AddRange(server.CaCertificates.Select(c => ByteString.CopyFrom(c.RawData)));
        return Task.FromResult(reply);
    }

    public override async Task<AgentCertificate> Enrol(EnrolRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var address = AddressOf(context);
        if (failures.Window.RetryAfter(address) is { } wait)
        {
            throw IngestErrors.AddressBlocked(Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }

        var problem = TextRules.Check(request.AgentId, "agent_id", ObservationLimits.MaxIdLength, required: true)
            ?? TextRules.CheckName(request.HostName, "host_name");
        if (problem is not null)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, problem));
        }

        var (key, csrProblem) = AgentCertificateAuthority.ReadRequest(request.Csr.Span);
        if (key is null)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, csrProblem!));
        }

        var lifetime = options.Value.CertificateLifetime;
        var now = time.GetUtcNow();
        X509Certificate2? certificate = null; // issued inside the store's unit of work, only when the token is usable
        var outcome = await enrolments.EnrolAsync(new EnrolmentAttempt(TokenHash.Of(request.Token), request.AgentId, now, options.Value.RenewalGrace),
            (site, tokenId) =>
            {
                certificate = authority.Issue(key, request.AgentId, site.Customer, site.Site, lifetime);
                return AgentCertificates.Describe(certificate, site.SiteId, request.AgentId, request.HostName,
                    "enrolment-token:" + tokenId.ToString(CultureInfo.InvariantCulture), now);
            });

        if (EnrolmentTokens.Refusal(outcome.Outcome, outcome.TokenId) is { } refused)
        {
            if (failures.Window.Record(address))
            {
                Log.AgentAddressBlocked(logger, address, failures.Window.Limit, failures.Window.Window);
            }

            Log.EnrolmentRefused(logger, request.AgentId, context.Peer, refused);
            await audit.RecordAsync(new AuditEntry(AuditActors.Agent(request.AgentId), address, AuditActions.EnrolmentRefused, AuditTargets.Collector, null, refused));
            throw new RpcException(new Status(StatusCode.Unauthenticated, "the enrolment token is unknown, used up, expired or revoked"));
        }

        var enrolled = outcome.Site!;
        var target = AuditTargets.Agent(enrolled.Customer, enrolled.Site, request.AgentId);
        if (outcome.LiveIssued is { } live)
        {
            var detail = $"agent id '{request.AgentId}' of {enrolled.Customer} / {enrolled.Site} already holds a certificate issued "
                + $"{live:u}: a second host (a cloned VM?) or a reinstall. Revoke that agent on the Agents page first, or give this host another Agent:Id";
            Log.EnrolmentDuplicate(logger, request.AgentId, enrolled.Customer, enrolled.Site, context.Peer, request.HostName, live);
            await audit.RecordAsync(new AuditEntry(AuditActors.Agent(request.AgentId), address, AuditActions.EnrolmentDuplicate, target, enrolled.Customer,
                $"host {request.HostName}, token {outcome.TokenId}"));
            throw new RpcException(new Status(StatusCode.AlreadyExists, detail));
        }

        var issuedCertificate = certificate!;
        Log.AgentEnrolled(logger, request.AgentId, enrolled.Customer, enrolled.Site, context.Peer, request.HostName, issuedCertificate.NotAfter.ToUniversalTime());
        await audit.RecordAsync(new AuditEntry(AuditActors.Agent(request.AgentId), address, AuditActions.AgentEnrolled, target, enrolled.Customer,
            $"host {request.HostName}, token {outcome.TokenId}, certificate {AgentCertificateAuthority.SerialOf(issuedCertificate)} until {issuedCertificate.NotAfter.ToUniversalTime():u}"));
        return Reply(issuedCertificate, enrolled, request.AgentId);
    }

    public override async Task<AgentCertificate> Renew(RenewRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var presented = context.GetHttpContext().Connection.ClientCertificate;
        var grace = options.Value.RenewalGrace;
        var current = presented is not null && authority.Issued(presented)
            ? await certificates.FindAsync(AgentCertificateAuthority.SerialOf(presented), context.CancellationToken)
            : null;
        var now = time.GetUtcNow().UtcDateTime;
        var refusal = current is null ? "no certificate this collector issued"
            : current.Revoked is not null ? "the agent's certificate is revoked"
            : current.Replaced is not null ? "the certificate was already replaced by a renewed one"
            : current.NotAfter + grace < now ? $"the certificate expired on {current.NotAfter:u}, beyond the renewal grace of {grace}: enrol the agent again"
            : null;
        if (refusal is not null)
        {
            Log.RenewalRefused(logger, context.Peer, refusal);
            throw new RpcException(new Status(current is null ? StatusCode.Unauthenticated : StatusCode.PermissionDenied, refusal));
        }

        var (key, csrProblem) = AgentCertificateAuthority.ReadRequest(request.Csr.Span);
        if (key is null)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, csrProblem!));
        }

        var site = new SiteIdentity(current!.SiteId, current.Customer, current.Site);
        var renewed = authority.Issue(key, current.AgentKey, site.Customer, site.Site, options.Value.CertificateLifetime);
        await certificates.RecordRenewalAsync(renewed, site.SiteId, current.AgentKey, current.Serial);
        Log.CertificateRenewed(logger, current.AgentKey, site.Customer, site.Site, current.NotAfter, renewed.NotAfter.ToUniversalTime());
        await audit.RecordAsync(new AuditEntry(AuditActors.Agent(current.AgentKey), AddressOf(context), AuditActions.CertificateRenewed,
            AuditTargets.Agent(site.Customer, site.Site, current.AgentKey), site.Customer,
            $"certificate {current.Serial} (until {current.NotAfter:u}) renewed as {AgentCertificateAuthority.SerialOf(renewed)} until {renewed.NotAfter.ToUniversalTime():u}"));
        return Reply(renewed, site, current.AgentKey);
    }

    private AgentCertificate Reply(X509Certificate2 certificate, SiteIdentity site, string agentId) => new()
    {
        Certificate = ByteString.CopyFrom(certificate.RawData),
        IssuerChain = { ByteString.CopyFrom(authority.Ca.RawData) },
        Customer = site.Customer,
        Site = site.Site,
        AgentId = agentId,
        NotAfter = Timestamp.FromDateTime(certificate.NotAfter.ToUniversalTime()),
    };

    private static string AddressOf(ServerCallContext context) => AddressKey.Of(context.GetHttpContext().Connection.RemoteIpAddress);
}
