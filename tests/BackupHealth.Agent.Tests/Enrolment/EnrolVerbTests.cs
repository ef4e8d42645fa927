using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using BackupHealth.Agent.Enrolment;
using BackupHealth.Agent.Hosting;
using BackupHealth.Contracts;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Enrolment;

/// <summary><c>enroll</c> against a real gRPC server over TLS on 127.0.0.1 (<see cref="FakeCollector"/>).</summary>
public sealed class EnrolVerbTests : IDisposable
{
    private readonly AgentFolder _agent = new();

    public void Dispose() => _agent.Dispose();

    [Fact]
    public async Task Enrolling_stores_key_certificate_ca_and_settings_and_deletes_the_token_file()
    {
        await using var collector = await FakeCollector.StartAsync();
        var tokenFile = _agent.WriteToken(collector.Token());

        var (exitCode, output, error) = await _agent.EnrolAsync(tokenFile);

        Assert.True(exitCode == 0, error);
        Assert.Equal("", error);
        Assert.Matches($@"^enrolled as {AgentFolder.AgentId} of {FakeCollector.Customer} / {FakeCollector.Site}, certificate valid until \d{{4}}-\d\d-\d\d \d\d:\d\d UTC$", output);
        Assert.False(File.Exists(tokenFile), "the used token file is deleted");

        var identity = _agent.Identity;
        Assert.True(identity.Exists);
        using var certificate = identity.LoadCertificate();
        Assert.True(collector.State.IssuedByAgentCa(certificate));
        Assert.Contains($"{FakeCollectorState.AgentUriPrefix}{AgentFolder.AgentId}", SubjectAlternativeNames(certificate), StringComparison.Ordinal);
        Assert.Equal(CollectorPin.Of(TestTls.Ca), CollectorPin.Of(X509CertificateLoader.LoadCertificateFromFile(identity.CollectorCaFile)));

        var options = _agent.Options();
        Assert.Equal(collector.Url.ToString().TrimEnd('/'), options.CollectorUrl);
        Assert.Equal(identity.CollectorCaFile, options.CollectorCaFile);
        Assert.True(Path.IsPathFullyQualified(options.CollectorCaFile));
        Assert.Equal(AgentFolder.AgentId, options.Id);
    }

    [Fact]
    public async Task The_key_never_leaves_the_agent_only_a_signing_request_does()
    {
        await using var collector = await FakeCollector.StartAsync();

        await _agent.EnrolWithAsync(collector);

        var sent = Assert.Single(collector.State.EnrolRequests);
        Assert.Equal(FakeCollector.Secret, sent.Token);
        Assert.Equal(AgentFolder.AgentId, sent.AgentId);
        Assert.Equal(Environment.MachineName, sent.HostName);
        using var key = ECDsa.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(_agent.Identity.KeyFile));
        var csr = CertificateRequest.LoadSigningRequest(sent.Csr.ToByteArray(), HashAlgorithmName.SHA256);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), csr.PublicKey.ExportSubjectPublicKeyInfo());
        using var certificate = _agent.Identity.LoadCertificate();
        Assert.True(AgentIdentity.SameKey(certificate, key), "the stored certificate is for the key made on the agent");
        using var withKey = _agent.Identity.LoadWithKey();
        Assert.True(withKey.HasPrivateKey);
    }

    [LinuxFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_key_file_is_readable_by_its_owner_only()
    {
        await using var collector = await FakeCollector.StartAsync();

        await _agent.EnrolWithAsync(collector);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_agent.Identity.KeyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_agent.Identity.Folder));
        Assert.Empty(Directory.GetFiles(_agent.Identity.Folder, "*.new"));
    }

    [Fact]
    public async Task The_token_can_come_from_stdin()
    {
        await using var collector = await FakeCollector.StartAsync();

        var (exitCode, output, error) = await _agent.EnrolAsync(EnrolVerb.StandardInput, stdin: collector.Token());

        Assert.True(exitCode == 0, error);
        Assert.StartsWith("enrolled as agent-7", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_whose_certificate_another_CA_issued_never_sees_the_token()
    {
        // The server hands out the pinned CA (a copy is public), but its own certificate is from another CA.
        using var otherCa = TestTls.CreateCa("Someone in between");
        await using var collector = await FakeCollector.StartAsync(serverCa: otherCa, advertisedCa: TestTls.Ca);
        var tokenFile = _agent.WriteToken(collector.Token());

        var (exitCode, _, error) = await _agent.EnrolAsync(tokenFile);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"error: checking the collector: the certificate of the server at {collector.Url} (CN=localhost) was not issued by the CA the token names", error, StringComparison.Ordinal);
        Assert.Equal(1, collector.State.CaRequests);
        Assert.Empty(collector.State.EnrolRequests);
        Assert.True(File.Exists(tokenFile));
        Assert.False(_agent.Identity.Exists);
    }

    [Fact]
    public async Task A_collector_without_the_pinned_CA_never_sees_the_token()
    {
        using var otherCa = TestTls.CreateCa("Another collector");
        await using var collector = await FakeCollector.StartAsync(serverCa: otherCa);
        var pin = CollectorPin.Of(TestTls.Ca);

        var (exitCode, _, error) = await _agent.EnrolAsync(_agent.WriteToken(collector.Token(pin: pin)));

        Assert.Equal(1, exitCode);
        Assert.Equal($"error: checking the collector: the collector at {collector.Url} did not present the CA the token names (pin {pin}): wrong URL, or someone in between", error);
        Assert.Empty(collector.State.EnrolRequests);
    }

    [Fact]
    public async Task An_unknown_token_exits_1_saying_to_ask_for_a_new_one()
    {
        await using var collector = await FakeCollector.StartAsync();
        var tokenFile = _agent.WriteToken(collector.Token(secret: "used-up"));

        var (exitCode, output, error) = await _agent.EnrolAsync(tokenFile);

        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        Assert.Equal("error: enrolling: the token is unknown, used up, expired or revoked — ask for a new one", error);
        Assert.Single(collector.State.EnrolRequests);
        Assert.False(_agent.Identity.Exists);
    }

    [Fact]
    public async Task A_collector_that_is_not_there_is_named()
    {
        var port = LoopbackPorts.GetFree();

        var (exitCode, _, error) = await _agent.EnrolAsync(_agent.WriteToken(FakeCollector.MakeToken($"https://127.0.0.1:{port}", CollectorPin.Of(TestTls.Ca), "s")));

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"error: checking the collector: cannot reach the collector at https://127.0.0.1:{port}/", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_token_file_exits_1_before_connecting()
    {
        var (exitCode, _, error) = await _agent.EnrolAsync(_agent.WriteToken("bha_site-token"));

        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: not an enrolment token: it must start with bhe_", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("enroll --token bhe_x")]
    [InlineData("enroll --token=bhe_x")]
    [InlineData("enroll --token-file t --token bhe_x")]
    public void The_token_is_never_taken_from_the_command_line(string args) =>
        Assert.Equal(AgentCommandLine.TokenOnCommandLine, AgentCommandLine.Parse(args.Split(' ')).Error);

    [Fact]
    public void Enroll_needs_a_token_file()
    {
        Assert.Equal("enroll needs --token-file FILE (or --token-file - to read the token from stdin)", AgentCommandLine.Parse(["enroll"]).Error);
        Assert.Equal("-", AgentCommandLine.Parse(["enroll", "--token-file", "-"]).TokenFile);
    }

    [Fact]
    public async Task Settings_given_explicitly_win_over_enrolment()
    {
        await using var collector = await FakeCollector.StartAsync();
        await _agent.EnrolWithAsync(collector);
        await File.WriteAllTextAsync(_agent.ConfigFile, $$"""
            { "Agent": { "DataPath": {{JsonSerializer.Serialize(_agent.DataPath)}}, "CollectorUrl": "https://elsewhere.example:5180" } }
            """);

        var options = _agent.Options();

        Assert.Equal("https://elsewhere.example:5180", options.CollectorUrl);
        Assert.Equal(_agent.Identity.CollectorCaFile, options.CollectorCaFile);
    }

    private static string SubjectAlternativeNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().Format(multiLine: false);
}
