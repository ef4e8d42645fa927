using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Transport;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Tests.Transport;

/// <summary>The real connector over real TLS on 127.0.0.1: with <c>Agent:CollectorCaFile</c> the agent reaches a
/// collector whose certificate chains to that CA, and refuses any other; a refused certificate fails the call, it never
/// falls back to sending the token anyway.</summary>
public sealed class GrpcIngestConnectorTrustTests : IDisposable
{
    private readonly TempDirectory _temp = new("bh-connector-trust");
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public void Dispose()
    {
        _timeout.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task A_collector_whose_certificate_chains_to_the_ca_file_gets_the_hello_and_welcomes_the_agent()
    {
        await using var collector = await TlsIngestServer.StartAsync(TestTls.Server);
        using var connector = Connector(collector.Address, TestTls.WriteCa(_temp.Path));

        using var stream = new GrpcIngestConnector(connector).Open(_timeout.Token);
        await stream.WriteAsync(Hello(), _timeout.Token);
        var reply = await stream.ReadAsync(_timeout.Token);

        Assert.Equal("Contoso Ltd", reply?.Welcome?.Customer);
        Assert.Equal(["agent-1"], collector.Calls);
        Assert.Equal(["Bearer t0ken"], collector.Authorizations); // never enrolled: the token is its credential
    }

    [Fact]
    public async Task An_enrolled_agent_sends_no_token_its_certificate_is_its_credential()
    {
        await using var collector = await TlsIngestServer.StartAsync(TestTls.Server);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=agent-1", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(30));
        new Agent.Enrolment.AgentIdentity(_temp.Combine("data")).Store(key, certificate.RawData);
        using var connector = Connector(collector.Address, TestTls.WriteCa(_temp.Path));

        await HelloAsync(connector);

        Assert.True(connector.UsesCertificate);
        Assert.Equal(["agent-1"], collector.Calls);
        Assert.Equal([""], collector.Authorizations);
    }

    [Fact]
    public async Task A_collector_whose_certificate_comes_from_another_ca_is_refused_before_the_call_reaches_it()
    {
        using var otherCa = TestTls.CreateCa("other");
        using var otherServer = TestTls.Issue(otherCa, "localhost", DateTimeOffset.UtcNow.AddDays(30));
        await using var collector = await TlsIngestServer.StartAsync(otherServer);
        using var connector = Connector(collector.Address, TestTls.WriteCa(_temp.Path));

        var refused = await Assert.ThrowsAsync<RpcException>(() => HelloAsync(connector));

        Assert.Contains(Causes(refused), cause => cause is AuthenticationException);
        Assert.Equal(StreamErrorKind.Retry, StreamErrorPolicy.Classify(refused).Kind);
        Assert.Empty(collector.Calls);
    }

    [Fact]
    public async Task Without_a_ca_file_the_system_trust_is_used_and_the_test_ca_is_not_in_it()
    {
        await using var collector = await TlsIngestServer.StartAsync(TestTls.Server);
        using var connector = Connector(collector.Address, caFile: "");

        var refused = await Assert.ThrowsAsync<RpcException>(() => HelloAsync(connector));

        Assert.Contains(Causes(refused), cause => cause is AuthenticationException);
        Assert.Empty(collector.Calls);
    }

    /// <summary>A connection with no identity (never enrolled: an empty data folder), so it sends the token.</summary>
    private CollectorConnection Connector(Uri collector, string caFile) =>
        new(Options.Create(new AgentOptions { Id = "agent-1", CollectorUrl = collector.ToString(), CollectorCaFile = caFile, Token = "t0ken" }),
            new Agent.Enrolment.AgentIdentity(_temp.Combine("data")));

    private static AgentMessage Hello() => new() { Hello = new Hello { AgentId = "agent-1" } };

    private async Task HelloAsync(CollectorConnection connection)
    {
        using var stream = new GrpcIngestConnector(connection).Open(_timeout.Token);
        await stream.WriteAsync(Hello(), _timeout.Token);
        await stream.ReadAsync(_timeout.Token);
    }

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        for (var cause = exception.InnerException; cause is not null; cause = cause.InnerException)
        {
            yield return cause;
        }
    }
}
