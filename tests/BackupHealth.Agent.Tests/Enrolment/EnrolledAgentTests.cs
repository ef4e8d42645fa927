using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BackupHealth.Agent.Enrolment;
using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Agent.Transport;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Tests.Enrolment;

/// <summary>An enrolled agent at run time: it authenticates with its certificate instead of a token, and renews the
/// certificate two thirds into its lifetime (time from a fake clock; TLS on the real clock).</summary>
public sealed class EnrolledAgentTests : IDisposable
{
    private readonly AgentFolder _agent = new();
    private readonly TestLogging _logging = new();

    public void Dispose()
    {
        _logging.Dispose();
        _agent.Dispose();
    }

    [Fact]
    public async Task The_ingest_stream_presents_the_agent_certificate_and_no_token()
    {
        await using var collector = await FakeCollector.StartAsync();
        await _agent.EnrolWithAsync(collector);
        using var connection = Connection();
        var connector = new GrpcIngestConnector(connection);

        using (var stream = connector.Open(CancellationToken.None))
        {
            await stream.WriteAsync(new AgentMessage { Hello = new Hello { AgentId = AgentFolder.AgentId } }, CancellationToken.None);
            await Poll.UntilAsync(() => !collector.State.IngestStreams.IsEmpty, "the collector saw the stream");
        }

        var (certificate, authorization) = Assert.Single(collector.State.IngestStreams);
        using var enrolled = _agent.Identity.LoadCertificate();
        Assert.Equal(enrolled.Thumbprint, certificate?.Thumbprint);
        Assert.Equal("", authorization);
    }

    [Fact]
    public async Task Without_a_certificate_the_stream_sends_the_site_token()
    {
        await using var collector = await FakeCollector.StartAsync();
        using var connection = new CollectorConnection(Options.Create(new AgentOptions
        {
            CollectorUrl = collector.Url.ToString(),
            CollectorCaFile = TestTls.WriteCa(_agent.DataPath),
            DataPath = _agent.DataPath,
            Token = "bha_site",
        }), _agent.Identity);

        using (var stream = new GrpcIngestConnector(connection).Open(CancellationToken.None))
        {
            await stream.WriteAsync(new AgentMessage { Hello = new Hello { AgentId = "a" } }, CancellationToken.None);
            await Poll.UntilAsync(() => !collector.State.IngestStreams.IsEmpty, "the collector saw the stream");
        }

        var (certificate, authorization) = Assert.Single(collector.State.IngestStreams);
        Assert.Null(certificate);
        Assert.Equal("Bearer bha_site", authorization);
    }

    [Fact]
    public async Task Run_needs_no_token_once_enrolled()
    {
        await using var collector = await FakeCollector.StartAsync();
        var validator = new AgentSettingsValidator(requireToken: true);
        var options = new AgentOptions { DataPath = _agent.DataPath };
        Assert.Contains("Agent:Token: is required to run", validator.Validate(null, options).FailureMessage, StringComparison.Ordinal);

        await _agent.EnrolWithAsync(collector);

        Assert.True(validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public async Task Two_thirds_into_its_lifetime_the_certificate_is_renewed_and_the_next_stream_uses_the_new_one()
    {
        await using var collector = await FakeCollector.StartAsync();
        await _agent.EnrolWithAsync(collector);
        using var old = _agent.Identity.LoadCertificate();
        var time = new TimerCountingTimeProvider(DateTimeOffset.UtcNow);
        using var connection = Connection();
        var connector = new GrpcIngestConnector(connection);
        using var firstStream = connector.Open(CancellationToken.None);
        await firstStream.WriteAsync(new AgentMessage { Hello = new Hello { AgentId = AgentFolder.AgentId } }, CancellationToken.None);
        var log = new FakeLogger<CertificateRenewal>();
        using var renewal = new CertificateRenewal(_agent.Identity, connection, time, log, new FixedRandom(0));

        // The collector issues on the real clock (TLS checks it); the renewed certificate must not be due on the fake one.
        collector.State.CertificateLifetime = TimeSpan.FromDays(30);
        await renewal.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => time.TimersCreated == 1, "renewal waits");
        time.Advance(CertificateRenewal.RenewAt(old) - time.GetUtcNow() - TimeSpan.FromMinutes(1));
        await Poll.UntilAsync(() => time.TimersCreated == 2, "renewal waits for the last minute");
        Assert.Empty(collector.State.RenewRequests);
        time.Advance(TimeSpan.FromMinutes(2));
        await Poll.UntilAsync(
            () => Task.FromResult(Replaced(old.Thumbprint)), done => done, "the certificate was replaced",
            diagnostics: () => $"renewal: {renewal.ExecuteTask?.Status} {renewal.ExecuteTask?.Exception}; timers {time.TimersCreated}; renew calls {collector.State.RenewRequests.Count}; refused: {string.Join(", ", collector.State.RenewRefusals)}; log: {string.Join(" | ", log.Collector.GetSnapshot().Select(r => r.Message))}");

        var request = Assert.Single(collector.State.RenewRequests);
        using var key = ECDsa.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(_agent.Identity.KeyFile));
        using var renewed = _agent.Identity.LoadCertificate();
        Assert.True(AgentIdentity.SameKey(renewed, key), "the new certificate is for the new key on disk");
        Assert.False(AgentIdentity.SameKey(old, key), "a renewal makes a new key");
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), CertificateRequest.LoadSigningRequest(request.Csr.ToByteArray(), HashAlgorithmName.SHA256).PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(old.Subject, renewed.Subject);
        await Assert.ThrowsAnyAsync<Exception>(async () => await firstStream.ReadAsync(CancellationToken.None));

        using (var secondStream = connector.Open(CancellationToken.None))
        {
            await secondStream.WriteAsync(new AgentMessage { Hello = new Hello { AgentId = AgentFolder.AgentId } }, CancellationToken.None);
            await Poll.UntilAsync(() => collector.State.IngestStreams.Count == 2, "the collector saw the second stream");
        }

        Assert.Equal([old.Thumbprint, renewed.Thumbprint], collector.State.IngestStreams.Select(s => s.Certificate?.Thumbprint));
        await Poll.UntilAsync(() => time.TimersCreated == 3, "renewal waits for the new certificate's time");
        Assert.Single(collector.State.RenewRequests);
        await renewal.StopAsync(CancellationToken.None);
        Assert.DoesNotContain(log.Collector.GetSnapshot(), r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task An_expired_certificate_the_collector_no_longer_renews_says_to_enrol_again_and_keeps_trying()
    {
        await using var collector = await FakeCollector.StartAsync();
        await _agent.EnrolWithAsync(collector);
        collector.State.RefuseRenewal = true;
        using var old = _agent.Identity.LoadCertificate();
        var time = new TimerCountingTimeProvider(new DateTimeOffset(old.NotAfter.ToUniversalTime()).AddHours(1));
        _logging.Errors.Expected.Add((category, _) => category.EndsWith(nameof(CertificateRenewal), StringComparison.Ordinal));
        using var connection = Connection();
        using var renewal = new CertificateRenewal(_agent.Identity, connection, time, _logging.For<CertificateRenewal>(), new FixedRandom(0));

        await renewal.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => collector.State.RenewRequests.Count == 1 && _logging.Errors.ExpectedLogged.Count == 1, "the refusal was logged");
        await Poll.UntilAsync(() => time.TimersCreated == 1, "renewal waits to try again");
        time.Advance(CertificateRenewal.RetryMinDelay);
        await Poll.UntilAsync(() => collector.State.RenewRequests.Count == 2, "it tried again after the backoff");
        await renewal.StopAsync(CancellationToken.None);

        var logged = _logging.Errors.ExpectedLogged.First();
        Assert.StartsWith($"This agent's certificate expired on {old.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z and the collector no longer renews it: "
            + "enrol again with a new enrolment token (backuphealth-agent enroll --token-file FILE)", logged, StringComparison.Ordinal);
        using var current = _agent.Identity.LoadCertificate();
        Assert.Equal(old.Thumbprint, current.Thumbprint);
    }

    private bool Replaced(string thumbprint)
    {
        using var current = _agent.Identity.LoadCertificate();
        return current.Thumbprint != thumbprint;
    }

    private CollectorConnection Connection()
    {
        var options = _agent.Options();
        return new CollectorConnection(Options.Create(options), _agent.Identity);
    }
}
