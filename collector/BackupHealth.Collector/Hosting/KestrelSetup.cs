using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Hosting;

/// <summary>Kestrel listens exactly where configuration says, on two listeners: HTTP/2 only (h2c) for the agents,
/// HTTP/1.1 for the page and the API.</summary>
/// <remarks>The web listener is HTTP/1.1 only while it has no TLS: Kestrel can offer HTTP/2 beside HTTP/1.1 only
/// through TLS negotiation, and with Http1AndHttp2 on plain http it serves HTTP/1.1 anyway and logs a warning at
/// every start. Switch to Http1AndHttp2 when the collector terminates TLS.</remarks>
internal sealed class KestrelSetup(IOptions<CollectorOptions> options, CollectorEndpoints endpoints) : IConfigureOptions<KestrelServerOptions>
{
    // Detects agents that vanished without closing their TCP connection, so they stop counting as connected.
    private static readonly TimeSpan KeepAlivePingDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KeepAlivePingTimeout = TimeSpan.FromSeconds(20);

    public void Configure(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        if (CollectorOptions.ValueIfValid(options) is not { } collector)
        {
            return;
        }

        var grpcUrl = ListenUrl.Parse(collector.GrpcUrl);
        var webUrl = ListenUrl.Parse(collector.WebUrl);
        ListenOptions? grpc = null;
        ListenOptions? web = null;
        kestrel.Listen(grpcUrl.Address, grpcUrl.Port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            grpc = listen;
        });
        kestrel.Listen(webUrl.Address, webUrl.Port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            web = listen;
        });
        kestrel.Limits.Http2.KeepAlivePingDelay = KeepAlivePingDelay;
        kestrel.Limits.Http2.KeepAlivePingTimeout = KeepAlivePingTimeout;
        kestrel.AddServerHeader = false;
        endpoints.Attach(grpc!, web!);
    }
}
