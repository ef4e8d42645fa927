using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BackupHealth.Collector.Enrolment;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Google.Protobuf;

namespace BackupHealth.Collector.Tests.Enrolment;

/// <summary>Enrolment over real TLS: a token made through the API, traded with a CSR for a certificate, the certificate
/// used on the ingest stream; and every way a token is refused, with nothing issued.</summary>
public sealed class EnrolmentTests : IAsyncLifetime
{
    private TestCollector _collector = null!;

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync(s => s["Collector:AllowSiteTokens"] = "false");

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    private Task<long> IssuedAsync() => _collector.CountAsync("SELECT count(*) FROM agent_certificates");

    [Fact]
    public async Task A_token_from_the_api_enrols_an_agent_that_then_streams_as_its_site()
    {
        var token = await EnrollingAgent.CreateTokenAsync(_collector);
        using var agent = new EnrollingAgent(_collector, "hv01");

        var reply = await agent.EnrolAsync(token.Token);
        await using var stream = await agent.ConnectAsync();

        Assert.StartsWith(EnrolmentTokenFormat.Prefix, token.Token, StringComparison.Ordinal);
        Assert.Equal(("Contoso Ltd", "Head office", "hv01"), (reply.Customer, reply.Site, reply.AgentId));
        Assert.Equal("hv01", AgentCertificateAuthority.AgentIdOf(agent.Certificate!));
        Assert.Equal(AgentCertificateAuthority.KeyHashOf(agent.Certificate!.PublicKey),
            Convert.ToHexStringLower(SHA256.HashData(agent.Key.ExportSubjectPublicKeyInfo())));
        Assert.Equal(90, (agent.Certificate.NotAfter - agent.Certificate.NotBefore).TotalDays, precision: 0);
        Assert.Equal(("Contoso Ltd", "Head office"), (stream.Welcome.Customer, stream.Welcome.Site));
        Assert.Equal(1L, await _collector.CountAsync("SELECT count(*) FROM agents WHERE agent_key = 'hv01'"));
        Assert.Equal(1L, await _collector.CountAsync("SELECT uses FROM enrolment_tokens"));
    }

    [Fact]
    public async Task The_ca_an_agent_fetches_before_sending_its_token_is_the_one_the_token_pins()
    {
        var token = await EnrollingAgent.CreateTokenAsync(_collector);
        using var agent = new EnrollingAgent(_collector, "hv01");

        var ca = await agent.Enrolment().GetCollectorCaAsync(new CollectorCaRequest());

        Assert.Contains(ca.Certificates, der => CollectorPin.Of(X509CertificateLoader.LoadCertificate(der.ToByteArray())) == token.Pin);
        Assert.Equal(CollectorPin.Of(Testing.TestTls.Ca), token.Pin);
        Assert.Equal(_collector.Endpoints.Grpc.ToString().TrimEnd('/'), token.Url.Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_used_up_token_is_refused_and_issues_nothing()
    {
        var token = await EnrollingAgent.CreateTokenAsync(_collector, maxUses: 1);
        using var first = new EnrollingAgent(_collector, "hv01");
        using var second = new EnrollingAgent(_collector, "hv02");
        await first.EnrolAsync(token.Token);

        var refused = await Assert.ThrowsAsync<RpcException>(() => second.EnrolAsync(token.Token));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal("the enrolment token is unknown, used up, expired or revoked", refused.Status.Detail);
        Assert.Equal(1L, await IssuedAsync());
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var token = await EnrollingAgent.CreateTokenAsync(_collector);
        _collector.Time.Advance(TimeSpan.FromHours(24));
        using var agent = new EnrollingAgent(_collector, "hv01");

        var refused = await Assert.ThrowsAsync<RpcException>(() => agent.EnrolAsync(token.Token));

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal(0L, await IssuedAsync());
    }

    [Fact]
    public async Task A_revoked_token_is_refused_and_the_list_says_who_made_it_and_how_it_ended()
    {
        var token = await EnrollingAgent.CreateTokenAsync(_collector, maxUses: 3);
        using var agent = new EnrollingAgent(_collector, "hv01");
        await agent.EnrolAsync(token.Token);
        using (var revoke = await _collector.Http.DeleteAsync(new Uri($"/api/v1/enrolment-tokens/{token.Id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using var other = new EnrollingAgent(_collector, "hv02");
        var refused = await Assert.ThrowsAsync<RpcException>(() => other.EnrolAsync(token.Token));
        var listed = Assert.Single((await _collector.Http.GetFromJsonAsync("/api/v1/enrolment-tokens", EnrolmentJsonContext.Default.IReadOnlyListEnrolmentTokenDto))!);

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Equal(("admin", 1, 3, "revoked"), (listed.CreatedBy, listed.Uses, listed.MaxUses, listed.State));
        Assert.DoesNotContain(EnrolmentTokenText.SecretOf(token.Token)!, await (await _collector.Http.GetAsync(new Uri("/api/v1/enrolment-tokens", UriKind.Relative))).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_for_a_key_other_than_ecdsa_p256_is_refused_and_keeps_the_token()
    {
        var token = await EnrollingAgent.CreateTokenAsync(_collector);
        using var agent = new EnrollingAgent(_collector, "hv01");
        using var rsa = RSA.Create(2048);

        var refused = await Assert.ThrowsAsync<RpcException>(() => agent.Enrolment().EnrolAsync(new EnrolRequest
        {
            Token = EnrolmentTokenText.SecretOf(token.Token), AgentId = "hv01", Csr = ByteString.CopyFrom(EnrollingAgent.Csr(rsa)),
        }).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, "csr: the key must be ECDSA P-256"), (refused.StatusCode, refused.Status.Detail));
        Assert.Equal(0L, await _collector.CountAsync("SELECT uses FROM enrolment_tokens"));
    }

    [Fact]
    public async Task A_second_host_enrolling_as_an_agent_id_that_holds_a_certificate_is_refused_and_recorded()
    {
        var token = await EnrollingAgent.CreateTokenAsync(_collector, maxUses: 2);
        using var original = new EnrollingAgent(_collector, "hv01");
        using var clone = new EnrollingAgent(_collector, "hv01");
        await original.EnrolAsync(token.Token);

        var refused = await Assert.ThrowsAsync<RpcException>(() => clone.EnrolAsync(token.Token));

        Assert.Equal(StatusCode.AlreadyExists, refused.StatusCode);
        Assert.Contains("a cloned VM?", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1L, await IssuedAsync());
        Assert.Equal(1L, await _collector.CountAsync("SELECT uses FROM enrolment_tokens"));
        Assert.Equal(1L, await _collector.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'agent.enrolment-duplicate'"));
        var states = await _collector.App.Services.GetRequiredService<AgentCertificates>().StatesAsync(CancellationToken.None);
        Assert.Equal(1, Assert.Single(states).Value.DuplicateAttempts);
    }

    [Fact]
    public async Task Guessing_tokens_from_one_address_is_cut_off_as_failed_credentials()
    {
        await using var collector = await TestCollector.StartAsync(s =>
        {
            s["Collector:AllowSiteTokens"] = "false";
            s["Collector:Limits:AgentAuthFailuresPerAddress"] = "3";
        });
        var token = await EnrollingAgent.CreateTokenAsync(collector);
        using var guesser = new EnrollingAgent(collector, "hv01");
        for (var i = 0; i < 3; i++)
        {
            var wrong = await Assert.ThrowsAsync<RpcException>(() => guesser.EnrolAsync($"guess-{i}"));
            Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        }

        var blocked = await Assert.ThrowsAsync<RpcException>(() => guesser.EnrolAsync(token.Token));

        Assert.Equal(StatusCode.ResourceExhausted, blocked.StatusCode);
        Assert.Equal(0L, await collector.CountAsync("SELECT count(*) FROM agent_certificates"));
        Assert.Equal(3L, await collector.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'agent.enrolment-refused'"));
    }
}
