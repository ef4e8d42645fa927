using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BackupHealth.Collector.Enrolment;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Testing;
using Grpc.Core;
using Xunit.Abstractions;

namespace BackupHealth.Collector.Tests.Enrolment;

/// <summary>Per-agent identity on every stream (mTLS): the certificate an agent presents decides who it is, checked
/// against the agent CA and the table of issued certificates on each stream; each refusal says why and stores nothing.</summary>
public sealed class AgentCertificateTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestCollector _collector = null!;

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync(s => s["Collector:AllowSiteTokens"] = "false");

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    private async Task<EnrollingAgent> EnrolledAsync(string agentId)
    {
        var agent = new EnrollingAgent(_collector, agentId);
        await agent.EnrolAsync((await EnrollingAgent.CreateTokenAsync(_collector)).Token);
        return agent;
    }

    private Task<long> AgentRowsAsync() => _collector.CountAsync("SELECT count(*) FROM agents");

    [Fact]
    public async Task No_client_certificate_and_no_site_tokens_allowed_is_refused_with_the_way_to_enrol()
    {
        var refused = await TestAgent.RefusedAsync(_collector.Client, TestCollector.ContosoToken, "hv01");

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.StartsWith("this collector accepts only agents with their own certificate: enrol the agent", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0L, await AgentRowsAsync());
    }

    [Fact]
    public async Task A_certificate_from_another_ca_is_refused()
    {
        using var agent = new EnrollingAgent(_collector, "hv01");
        using var otherCa = TestTls.CreateCa("Not the collector");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=hv01", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var signed = request.Create(otherCa, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), [1, 2, 3, 4]);
        using var forged = signed.CopyWithPrivateKey(key);

        var refused = await agent.RefusedAsync(forged);

        Assert.Equal((StatusCode.Unauthenticated, "the client certificate was not issued by this collector's agent CA"), (refused.StatusCode, refused.Status.Detail));
        Assert.Equal(0L, await AgentRowsAsync());
    }

    [Fact]
    public async Task An_agent_cannot_report_as_another_agent_id_even_of_its_own_site()
    {
        using var agent = await EnrolledAsync("hv01");

        var refused = await agent.RefusedAsync(agentId: "hv02");

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal("hello: agent_id 'hv02' is not the agent this certificate names ('hv01')", refused.Status.Detail);
        Assert.Equal(0L, await AgentRowsAsync());
    }

    [Fact]
    public async Task An_expired_certificate_is_refused_and_the_agent_is_told_to_renew()
    {
        using var agent = await EnrolledAsync("hv01");
        _collector.Time.Advance(TimeSpan.FromDays(91));

        var refused = await agent.RefusedAsync();

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("expired on", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0L, await AgentRowsAsync());
    }

    [Fact]
    public async Task Revoking_an_agent_ends_its_open_stream_at_once_and_refuses_it_after()
    {
        using var agent = await EnrolledAsync("hv01");
        await using var stream = await agent.ConnectAsync();
        var id = (long)(await _collector.ScalarAsync("SELECT id FROM agents WHERE agent_key = 'hv01'"))!;

        var watch = Stopwatch.StartNew();
        using var revoke = await _collector.Http.PostAsync(new Uri($"/api/v1/agents/{id}/revoke", UriKind.Relative), null);
        var ended = await stream.WaitForErrorAsync();
        watch.Stop();
        output.WriteLine($"the revoked agent's open stream ended {watch.ElapsedMilliseconds} ms after the revoke request was sent");
        var again = await agent.RefusedAsync();

        Assert.True(revoke.IsSuccessStatusCode);
        var revoked = (await revoke.Content.ReadFromJsonAsync(EnrolmentJsonContext.Default.AgentRevokedDto))!;
        Assert.Equal((1, 1), (revoked.CertificatesRevoked, revoked.StreamsEnded));
        Assert.Equal((StatusCode.PermissionDenied, "agent 'hv01' was revoked: it must be enrolled again to report"), (ended.StatusCode, ended.Status.Detail));
        Assert.Equal(StatusCode.PermissionDenied, again.StatusCode);
        Assert.StartsWith("agent 'hv01' was revoked on ", again.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1L, await _collector.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'agent.revoked'"));
    }

    [Fact]
    public async Task A_renewed_certificate_replaces_the_old_one_once_it_is_first_used()
    {
        using var agent = await EnrolledAsync("hv01");
        var old = agent.Certificate!;
        _collector.Time.Advance(TimeSpan.FromDays(60));

        await agent.RenewAsync();
        await using (await agent.ConnectAsync(old))
        {
            // the old certificate still works until the new one is used
        }

        await using (await agent.ConnectAsync())
        {
        }

        var refused = await agent.RefusedAsync(old);
        Assert.NotEqual(old.SerialNumber, agent.Certificate!.SerialNumber);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("was replaced by a renewed one", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1L, await _collector.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'agent.certificate-renewed'"));
    }

    [Fact]
    public async Task An_agent_offline_past_expiry_renews_within_the_grace_period_but_not_after()
    {
        using var withinGrace = await EnrolledAsync("hv01");
        using var pastGrace = await EnrolledAsync("hv02");
        _collector.Time.Advance(TimeSpan.FromDays(93));

        await withinGrace.RenewAsync();
        await using (await withinGrace.ConnectAsync())
        {
        }

        _collector.Time.Advance(TimeSpan.FromDays(5));
        var refused = await Assert.ThrowsAsync<RpcException>(() => pastGrace.RenewAsync());

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("beyond the renewal grace", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("enrol the agent again", refused.Status.Detail, StringComparison.Ordinal);
    }
}
