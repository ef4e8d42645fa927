using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BackupHealth.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace BackupHealth.Agent.Tests.Enrolment;

/// <summary>The Enrolment service of <see cref="FakeCollector"/>.</summary>
internal sealed class FakeEnrolmentService(FakeCollectorState state) : Contracts.V1.Enrolment.EnrolmentBase
{
    private const string P256 = "1.2.840.10045.3.1.7";

    public override Task<CollectorCa> GetCollectorCa(CollectorCaRequest request, ServerCallContext context)
    {
        Interlocked.Increment(ref state.CaRequests);
        return Task.FromResult(new CollectorCa { Certificates = { ByteString.CopyFrom(state.CollectorCa.RawData) } });
    }

    public override Task<AgentCertificate> Enrol(EnrolRequest request, ServerCallContext context)
    {
        state.EnrolRequests.Enqueue(request);
        if (request.Token != FakeCollector.Secret)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "unknown enrolment token"));
        }

        if (string.IsNullOrWhiteSpace(request.AgentId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "agent_id is empty"));
        }

        return Task.FromResult(Answer(SigningRequest(request.Csr), request.AgentId));
    }

    public override Task<AgentCertificate> Renew(RenewRequest request, ServerCallContext context)
    {
        state.RenewRequests.Enqueue(request);
        var client = context.GetHttpContext().Connection.ClientCertificate;
        if (client is null || !state.IssuedByAgentCa(client) || state.RefuseRenewal)
        {
            state.RenewRefusals.Enqueue(client is null ? "no client certificate" : $"{client.Subject} {client.Thumbprint} refused={state.RefuseRenewal}");
            throw new RpcException(new Status(StatusCode.Unauthenticated, "no agent certificate this collector renews"));
        }

        return Task.FromResult(Answer(SigningRequest(request.Csr), client.GetNameInfo(X509NameType.SimpleName, forIssuer: false)));
    }

    private AgentCertificate Answer(CertificateRequest signingRequest, string agentId)
    {
        using var issued = state.Issue(signingRequest, agentId);
        return new AgentCertificate
        {
            Certificate = ByteString.CopyFrom(issued.RawData),
            IssuerChain = { ByteString.CopyFrom(state.AgentCa.RawData) },
            Customer = FakeCollector.Customer,
            Site = FakeCollector.Site,
            AgentId = agentId,
            NotAfter = Timestamp.FromDateTime(issued.NotAfter.ToUniversalTime()),
        };
    }

    /// <summary>A self-signed PKCS#10 request for an ECDSA P-256 key, or InvalidArgument.</summary>
    private static CertificateRequest SigningRequest(ByteString csr)
    {
        CertificateRequest request;
        try
        {
            // Checks the request's signature: the agent holds the key.
            request = CertificateRequest.LoadSigningRequest(csr.ToByteArray(), HashAlgorithmName.SHA256);
        }
        catch (CryptographicException ex)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"csr: {ex.Message}"));
        }

        using var key = request.PublicKey.GetECDsaPublicKey();
        if (key?.ExportParameters(includePrivateParameters: false).Curve.Oid.Value != P256)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "csr: the key must be ECDSA P-256"));
        }

        return request;
    }
}
