using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BackupHealth.Collector.Enrolment;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;
using Google.Protobuf;
using Grpc.Net.Client;

namespace BackupHealth.Collector.Tests.Enrolment;

/// <summary>An agent as the enrolment sees it, driven by hand over real TLS: its own ECDSA P-256 key, a CSR, the
/// Enrolment calls, and ingest streams that present the certificate it got.</summary>
internal sealed class EnrollingAgent : IDisposable
{
    private readonly TestCollector _collector;
    private readonly List<GrpcChannel> _channels = [];

    public EnrollingAgent(TestCollector collector, string agentId)
    {
        _collector = collector;
        AgentId = agentId;
        Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    }

    public string AgentId { get; }

    public ECDsa Key { get; private set; }

    public X509Certificate2? Certificate { get; private set; }

    public Contracts.V1.Enrolment.EnrolmentClient Enrolment(X509Certificate2? presenting = null) => new(Channel(presenting));

    /// <summary>An enrolment token made through the API by the collector's admin.</summary>
    public static async Task<CreatedEnrolmentTokenDto> CreateTokenAsync(TestCollector collector, int maxUses = 1, string customer = "Contoso Ltd",
        string site = "Head office", TimeSpan? expiresIn = null)
    {
        using var response = await collector.Http.PostAsJsonAsync("/api/v1/enrolment-tokens",
            new EnrolmentTokenRequest(customer, site, "host token", expiresIn, maxUses), EnrolmentJsonContext.Default.EnrolmentTokenRequest);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync(EnrolmentJsonContext.Default.CreatedEnrolmentTokenDto))!;
    }

    public static byte[] Csr(AsymmetricAlgorithm key, string subject = "CN=agent") => key switch
    {
        ECDsa ec => new CertificateRequest(subject, ec, HashAlgorithmName.SHA256).CreateSigningRequest(),
        RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequest(),
        _ => throw new ArgumentException("ECDSA or RSA", nameof(key)),
    };

    /// <summary>Trades <paramref name="tokenText"/> for a certificate; throws the collector's refusal.</summary>
    public async Task<AgentCertificate> EnrolAsync(string tokenText)
    {
        var reply = await Enrolment().EnrolAsync(new EnrolRequest
        {
            Token = EnrolmentTokenText.SecretOf(tokenText) ?? tokenText,
            AgentId = AgentId,
            HostName = AgentId + ".example.test",
            Csr = ByteString.CopyFrom(Csr(Key)),
        });
        Certificate = WithKey(reply, Key);
        return reply;
    }

    /// <summary>Renews with the current certificate and a new key; the new certificate becomes current.</summary>
    public async Task<AgentCertificate> RenewAsync()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var reply = await Enrolment(Certificate).RenewAsync(new RenewRequest { Csr = ByteString.CopyFrom(Csr(key)) });
        Key = key;
        Certificate = WithKey(reply, key);
        return reply;
    }

    /// <summary>An ingest client presenting <paramref name="certificate"/> (the current one by default).</summary>
    public Contracts.V1.Ingest.IngestClient Ingest(X509Certificate2? certificate = null) => new(Channel(certificate ?? Certificate));

    public Task<TestAgent> ConnectAsync(X509Certificate2? certificate = null, string? agentId = null) =>
        TestAgent.ConnectAsync(Ingest(certificate), null, agentId ?? AgentId);

    public Task<Grpc.Core.RpcException> RefusedAsync(X509Certificate2? certificate = null, string? agentId = null) =>
        TestAgent.RefusedAsync(Ingest(certificate), null, agentId ?? AgentId);

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        Key.Dispose();
    }

    private static X509Certificate2 WithKey(AgentCertificate reply, ECDsa key)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(reply.Certificate.ToByteArray());
        return certificate.CopyWithPrivateKey(key);
    }

    private GrpcChannel Channel(X509Certificate2? clientCertificate)
    {
        var handler = TestTls.Handler();
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        var channel = GrpcChannel.ForAddress(_collector.Endpoints.Grpc, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        _channels.Add(channel);
        return channel;
    }
}
