using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackupHealth.VendorFakes;

/// <summary>A real Kestrel server on 127.0.0.1 and a free port, plain HTTP or HTTPS with a freshly made self-signed
/// certificate (as backup appliances present), whose routes a vendor fake maps. Stop it to simulate "server down";
/// start a new one on the same port to bring it back.</summary>
public sealed class LoopbackWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<RequestFraming> _framing;

    private LoopbackWebServer(WebApplication app, Uri baseAddress, X509Certificate2? certificate, List<RequestFraming> framing)
    {
        _app = app;
        _framing = framing;
        BaseAddress = baseAddress;
        Certificate = certificate;
    }

    /// <summary>e.g. <c>https://127.0.0.1:43817/</c>, with the trailing slash.</summary>
    public Uri BaseAddress { get; }

    public int Port => BaseAddress.Port;

    /// <summary>The self-signed certificate served over HTTPS; null for plain HTTP.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>SHA-256 thumbprint of <see cref="Certificate"/>, upper-case hex, for a probe's pin setting.</summary>
    public string? CertificateSha256 => Certificate is null ? null : Convert.ToHexString(SHA256.HashData(Certificate.RawData));

    /// <summary>How the body of every request so far was framed, in order: tests assert that clients send a
    /// <c>Content-Length</c> rather than a chunked body.</summary>
    public IReadOnlyList<RequestFraming> Framing
    {
        get
        {
            lock (_framing)
            {
                return [.. _framing];
            }
        }
    }

    /// <param name="map">Maps the vendor's routes.</param>
    /// <param name="https">Serve HTTPS with a self-signed certificate for CN=127.0.0.1.</param>
    /// <param name="port">0 for any free port; a given port to come back on the same address after a stop.</param>
    public static async Task<LoopbackWebServer> StartAsync(Action<WebApplication> map, bool https = false, int port = 0)
    {
        ArgumentNullException.ThrowIfNull(map);
        var certificate = https ? SelfSigned() : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var framing = new List<RequestFraming>();
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            var transferEncoding = request.Headers.TransferEncoding.ToString();
            lock (framing)
            {
                framing.Add(new RequestFraming(request.Method, request.Path, request.ContentLength, transferEncoding.Length == 0 ? null : transferEncoding));
            }

            await next(context);
        });
        map(app);
        await app.StartAsync();
        var bound = new Uri(app.Urls.Single().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        var scheme = https ? "https" : "http";
        return new LoopbackWebServer(app, new Uri($"{scheme}://127.0.0.1:{bound.Port}/"), certificate, framing);
    }

    /// <summary>POSTs <paramref name="json"/> with <c>Transfer-Encoding: chunked</c> and no length, as
    /// <c>PostAsJsonAsync</c> does, trusting exactly this server's certificate: to show how strict a stand-in is.</summary>
    public async Task<HttpResponseMessage> PostChunkedAsync(string path, string json)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetRawCertData().AsSpan().SequenceEqual(Certificate?.RawData) == true },
        });
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, path)) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Certificate?.Dispose();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        // Kestrel needs the private key in a form the platform's TLS stack can use: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
