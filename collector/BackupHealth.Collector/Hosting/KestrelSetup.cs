using BackupHealth.Collector.Limits;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Hosting;

/// <summary>Kestrel listens exactly where configuration says, on two listeners: HTTP/2 only (h2c) for the agents,
/// HTTP/1.1 for the page and the API.</summary>
/// <remarks>The web listener is HTTP/1.1 only while it has no TLS: Kestrel can offer HTTP/2 beside HTTP/1.1 only
/// through TLS negotiation, and with Http1AndHttp2 on plain http it serves HTTP/1.1 anyway and logs a warning at
/// every start. Switch to Http1AndHttp2 when the collector terminates TLS.</remarks>
internal sealed class KestrelSetup(IOptions<CollectorOptions> options, IOptions<LimitsOptions> limits, CollectorEndpoints endpoints)
    : IConfigureOptions<KestrelServerOptions>
{
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
        if (LimitsOptionsValidator.ValueIfValid(limits) is { } limit)
        {
            ApplyLimits(kestrel.Limits, limit);
        }

        kestrel.AddServerHeader = false;
        endpoints.Attach(grpc!, web!);
    }

    /// <summary>So that half-open and idle connections do not pile up: the HTTP/2 ping detects agents that vanished
    /// without closing their TCP connection (their stream ends and they stop counting as connected); the other
    /// timeouts close connections that say nothing.</summary>
    internal static void ApplyLimits(KestrelServerLimits kestrel, LimitsOptions limits)
    {
        kestrel.Http2.KeepAlivePingDelay = limits.Http2KeepAlivePingDelay;
        kestrel.Http2.KeepAlivePingTimeout = limits.Http2KeepAlivePingTimeout;
        kestrel.KeepAliveTimeout = limits.KeepAliveTimeout;
        kestrel.RequestHeadersTimeout = limits.RequestHeadersTimeout;
        kestrel.MaxConcurrentConnections = limits.MaxConcurrentConnections;
    }
}
