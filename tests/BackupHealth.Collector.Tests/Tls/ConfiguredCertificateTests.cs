using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace BackupHealth.Collector.Tests.Tls;

/// <summary>The collector with a certificate from files (Collector:Tls), as an MSP with its own or a public CA runs it:
/// real TLS on 127.0.0.1, certificates made by the tests.</summary>
public sealed class ConfiguredCertificateTests : IDisposable
{
    private readonly TempDirectory _files = new("bh-tls-files");

    public void Dispose() => _files.Dispose();

    private static X509Certificate2 NewServerCertificate(string name) => TestTls.Issue(TestTls.Ca, name, DateTimeOffset.UtcNow.AddDays(60));

    private Action<Dictionary<string, string?>> Serve(X509Certificate2 certificate)
    {
        var (path, key) = TestTls.WritePem(certificate, _files.Path);
        return settings =>
        {
            settings["Collector:Tls:CertificatePath"] = path;
            settings["Collector:Tls:KeyPath"] = key;
        };
    }

    [Fact]
    public async Task Both_listeners_present_the_configured_certificate_and_negotiate_their_protocols()
    {
        await using var collector = await TestCollector.StartAsync();

        var grpc = await TlsHandshake.ToAsync(collector.Endpoints.Grpc, TestTls.Ca, SslApplicationProtocol.Http2);
        var webH2 = await TlsHandshake.ToAsync(collector.Endpoints.Web, TestTls.Ca, SslApplicationProtocol.Http2, SslApplicationProtocol.Http11);
        var webH1 = await TlsHandshake.ToAsync(collector.Endpoints.Web, TestTls.Ca, SslApplicationProtocol.Http11);

        Assert.Equal("https", collector.Endpoints.Grpc.Scheme);
        Assert.Equal("https", collector.Endpoints.Web.Scheme);
        Assert.All([grpc, webH2, webH1], h => Assert.Equal(TestTls.Server.Thumbprint, h.Certificate.Thumbprint));
        Assert.All([grpc, webH2, webH1], h => Assert.True(h.Trusted));
        Assert.Equal([SslApplicationProtocol.Http2, SslApplicationProtocol.Http2, SslApplicationProtocol.Http11], [grpc.Protocol, webH2.Protocol, webH1.Protocol]);
    }

    [Fact]
    public async Task The_web_answers_over_http2_with_hsts()
    {
        await using var collector = await TestCollector.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/signin") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await collector.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_ca_is_refused_at_the_handshake()
    {
        await using var collector = await TestCollector.StartAsync();
        using var systemTrust = new HttpClient();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => systemTrust.GetAsync(new Uri(collector.Endpoints.Web, "/signin")));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task A_plain_http_agent_against_the_tls_endpoint_is_refused_and_nothing_is_stored()
    {
        await using var collector = await TestCollector.StartAsync();
        var plain = new UriBuilder(collector.Endpoints.Grpc) { Scheme = Uri.UriSchemeHttp }.Uri;
        using var channel = GrpcChannel.ForAddress(plain);

        var refused = await TestAgent.RefusedAsync(new Contracts.V1.Ingest.IngestClient(channel), TestCollector.ContosoToken, "plain-host");

        // The TLS listener answers the plain client's HTTP/2 preface with a TLS alert and closes: the client either sees
        // the connection end (Unavailable) or reads the alert's bytes as a broken HTTP/2 frame first (Internal, the
        // gRPC mapping of an HTTP/2 protocol error), whichever arrives first on a loaded machine.
        Assert.True(refused.StatusCode is StatusCode.Unavailable or StatusCode.Internal, refused.Status.ToString());
        Assert.Equal(0L, await collector.CountAsync("SELECT count(*) FROM agents"));
    }

    [Fact]
    public async Task Replaced_certificate_files_are_used_by_the_next_connection_without_a_restart()
    {
        var first = NewServerCertificate("collector-one");
        var second = NewServerCertificate("collector-number-two");
        await using var collector = await TestCollector.StartAsync(Serve(first));
        Assert.Equal(first.Thumbprint, (await TlsHandshake.ToAsync(collector.Endpoints.Grpc, TestTls.Ca)).Certificate.Thumbprint);

        Serve(second);

        var after = await TlsHandshake.ToAsync(collector.Endpoints.Grpc, TestTls.Ca);
        Assert.Equal(second.Thumbprint, after.Certificate.Thumbprint);
        Assert.True(after.Trusted);
        Assert.Equal(second.Thumbprint, (await TlsHandshake.ToAsync(collector.Endpoints.Web, TestTls.Ca)).Certificate.Thumbprint);
    }

    [Fact]
    public async Task A_replacement_that_cannot_be_read_keeps_the_previous_certificate_until_a_good_one_comes()
    {
        var first = NewServerCertificate("collector-one");
        await using var collector = await TestCollector.StartAsync(Serve(first));
        await File.WriteAllTextAsync(_files.Combine("server.crt"), "-----BEGIN CERTIFICATE-----\nhalf written");
        var during = await TlsHandshake.ToAsync(collector.Endpoints.Grpc, TestTls.Ca);
        var second = NewServerCertificate("collector-number-two");
        Serve(second);
        var after = await TlsHandshake.ToAsync(collector.Endpoints.Grpc, TestTls.Ca);

        Assert.Equal(first.Thumbprint, during.Certificate.Thumbprint);
        Assert.Equal(second.Thumbprint, after.Certificate.Thumbprint);
    }

    [Fact]
    public async Task A_pkcs12_file_with_its_password_in_a_file_is_served()
    {
        var certificate = NewServerCertificate("collector-pfx");
        var pfx = _files.Combine("collector.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12, "s3cret pass"));
        await File.WriteAllTextAsync(_files.Combine("password"), "s3cret pass\n");

        await using var collector = await TestCollector.StartAsync(settings =>
        {
            settings["Collector:Tls:CertificatePath"] = pfx;
            settings.Remove("Collector:Tls:KeyPath");
            settings["Collector:Tls:PasswordFile"] = _files.Combine("password");
        });

        Assert.Equal(certificate.Thumbprint, (await TlsHandshake.ToAsync(collector.Endpoints.Web, TestTls.Ca)).Certificate.Thumbprint);
    }

    [Theory]
    [InlineData("missing.crt", null, "Collector:Tls:CertificatePath: {0} does not exist")]
    [InlineData("server.crt", "other.key", "Collector:Tls:CertificatePath/KeyPath: {0} cannot be read as a certificate with its private key")]
    public async Task A_certificate_that_cannot_be_used_stops_the_start_naming_the_setting(string certificate, string? key, string message)
    {
        TestTls.WritePem(NewServerCertificate("server"), _files.Path);
        TestTls.WritePem(NewServerCertificate("other"), _files.Path, "other");
        using var data = new TempDirectory();
        var (app, _, _) = TestCollector.Build(data, settings =>
        {
            settings["Collector:Tls:CertificatePath"] = _files.Combine(certificate);
            settings["Collector:Tls:KeyPath"] = key is null ? null : _files.Combine(key);
        });
        await using (app)
        {
            var error = await Assert.ThrowsAsync<CollectorStartupException>(() => app.StartAsync());

            Assert.StartsWith(string.Format(System.Globalization.CultureInfo.InvariantCulture, message, _files.Combine(certificate)), error.Message, StringComparison.Ordinal);
        }
    }
}
