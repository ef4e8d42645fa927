using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using BackupHealth.Contracts;
using BackupHealth.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Tests.Enrolment;

/// <summary>A real gRPC server on 127.0.0.1 over TLS (Kestrel) that plays the collector's side of enrolment as
/// strictly as the real one: it hands out its CA, enrols only with the right token and an ECDSA P-256 signing request,
/// signs agent certificates with an agent CA of its own (URI SAN <c>urn:backuphealth:agent:&lt;id&gt;</c>), renews only
/// for a client certificate that agent CA issued, and records what every call brought — including the client
/// certificate an ingest stream was opened with.</summary>
internal sealed class FakeCollector : IAsyncDisposable
{
    public const string Secret = "enrol-me-7f3a";
    public const string Customer = "Acme";
    public const string Site = "Main office";

    private readonly WebApplication _app;

    private FakeCollector(WebApplication app, FakeCollectorState state)
    {
        _app = app;
        State = state;
    }

    public FakeCollectorState State { get; }

    public Uri Url { get; private set; } = null!;

    /// <param name="serverCa">The CA that signed the certificate the server presents.</param>
    /// <param name="advertisedCa">What GetCollectorCa hands out (the server's CA unless a test says otherwise).</param>
    public static async Task<FakeCollector> StartAsync(X509Certificate2? serverCa = null, X509Certificate2? advertisedCa = null)
    {
        var ca = serverCa ?? TestTls.Ca;
        var server = ca == TestTls.Ca ? TestTls.Server : TestTls.Issue(ca, "localhost", DateTimeOffset.UtcNow.AddDays(30));
        var state = new FakeCollectorState(advertisedCa ?? ca, TestTls.CreateCa("BackupHealth test agent CA"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(state);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(server, https =>
            {
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.AllowAnyClientCertificate();
            });
        }));
        var app = builder.Build();
        app.MapGrpcService<FakeEnrolmentService>();
        app.MapGrpcService<FakeIngestService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FakeCollector(app, state) { Url = new Uri($"https://127.0.0.1:{new Uri(address).Port}") };
    }

    /// <summary>An enrolment token for this collector, in the format admins are given.</summary>
    public string Token(string secret = Secret, string? pin = null) => MakeToken(Url.ToString().TrimEnd('/'), pin ?? CollectorPin.Of(TestTls.Ca), secret);

    public static string MakeToken(string? url, string? pin, string? secret)
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, string?> { ["url"] = url, ["pin"] = pin, ["secret"] = secret });
        return "bhe_" + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
    }

    public async ValueTask DisposeAsync()
    {
        // Streams a failed test left open are cut after a few seconds rather than the host's default half minute.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        State.Dispose();
    }
}

/// <summary>What the fake collector knows and saw.</summary>
internal sealed class FakeCollectorState(X509Certificate2 collectorCa, X509Certificate2 agentCa) : IDisposable
{
    public const string AgentUriPrefix = "urn:backuphealth:agent:";

    public X509Certificate2 CollectorCa => collectorCa;

    public X509Certificate2 AgentCa => agentCa;

    /// <summary>How long the certificates it issues are valid, from now (the real clock, as TLS checks it).</summary>
    public TimeSpan CertificateLifetime { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Renew answers Unauthenticated, as the real collector does past its grace period.</summary>
    public bool RefuseRenewal { get; set; }

    public ConcurrentQueue<Contracts.V1.EnrolRequest> EnrolRequests { get; } = new();

    public ConcurrentQueue<Contracts.V1.RenewRequest> RenewRequests { get; } = new();

    /// <summary>Why each refused renewal was refused.</summary>
    public ConcurrentQueue<string> RenewRefusals { get; } = new();

    /// <summary>Each ingest stream: the client certificate of its connection (null: none) and its authorization header.</summary>
    public ConcurrentQueue<(X509Certificate2? Certificate, string Authorization)> IngestStreams { get; } = new();

    public int CaRequests;

    public X509Certificate2 Issue(CertificateRequest signingRequest, string agentId)
    {
        var request = new CertificateRequest(new X500DistinguishedName($"CN={agentId}"), signingRequest.PublicKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(new Uri(AgentUriPrefix + agentId));
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.Create(agentCa, now.AddMinutes(-1), now + CertificateLifetime, RandomNumberGenerator.GetBytes(12));
    }

    public bool IssuedByAgentCa(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(agentCa);
        return chain.Build(certificate);
    }

    public void Dispose() => agentCa.Dispose();
}
