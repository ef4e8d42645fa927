using System.Net.Security;
using BackupHealth.Collector.Limits;
using BackupHealth.Collector.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Hosting;

/// <summary>Kestrel listens exactly where configuration says, on two listeners: HTTP/2 only for the agents, HTTP/1.1
/// and HTTP/2 for the page and the API; each over TLS with <see cref="ServerCertificates"/> unless its URL is http://.</summary>
/// <remarks>A plain-http web listener is HTTP/1.1 only: Kestrel offers HTTP/2 beside HTTP/1.1 only through TLS
/// negotiation, and with Http1AndHttp2 on plain http it serves HTTP/1.1 anyway and logs a warning at every start.</remarks>
internal sealed class KestrelSetup(
    IOptions<CollectorOptions> options,
    IOptions<LimitsOptions> limits,
    CollectorEndpoints endpoints,
    ServerCertificates certificates,
    IOpenFileLimit openFiles,
    IdleConnections idle,
    ILogger<KestrelSetup> logger)
    : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        if (CollectorOptions.ValueIfValid(options) is not { } collector)
        {
            return;
        }

        var limit = LimitsOptionsValidator.ValueIfValid(limits);
        var grpcUrl = ListenUrl.Parse(collector.GrpcUrl);
        var webUrl = ListenUrl.Parse(collector.WebUrl);
        ListenOptions? grpc = null;
        ListenOptions? web = null;
        kestrel.Listen(grpcUrl.Address, grpcUrl.Port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            LimitPerAddress(listen, limit);
            UseTls(listen, grpcUrl, askForClientCertificate: true);
            grpc = listen;
        });
        kestrel.Listen(webUrl.Address, webUrl.Port, listen =>
        {
            listen.Protocols = webUrl.Tls ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
            LimitPerAddress(listen, limit);
            UseTls(listen, webUrl, askForClientCertificate: false);
            web = listen;
        });
        if (limit is not null)
        {
            ApplyLimits(kestrel.Limits, limit, FittingConnections(limit));
        }

        kestrel.AddServerHeader = false;
        endpoints.Attach(grpc!, web!, grpcUrl.Tls, webUrl.Tls);
    }

    /// <summary>Ahead of TLS, so that a connection over the per-address cap costs no handshake; then every connection
    /// is tracked so that one without a request for the keep-alive timeout is closed even while it pings.</summary>
    private void LimitPerAddress(ListenOptions listen, LimitsOptions? limit)
    {
        if (limit is not null)
        {
            listen.Use(new AddressConnections(limit.MaxConnectionsPerAddress, logger).Wrap);
            listen.Use(idle.Wrap);
        }
    }

    /// <summary><c>MaxConcurrentConnections</c>, or fewer where the open-file limit cannot hold both listeners' and the
    /// store's reserve (<see cref="ConnectionBudget"/>).</summary>
    private int FittingConnections(LimitsOptions limit)
    {
        var openFileLimit = openFiles.Read();
        var fitting = ConnectionBudget.PerListener(limit, openFileLimit);
        if (fitting < limit.MaxConcurrentConnections)
        {
            Log.ConnectionsLoweredToFit(logger, openFileLimit ?? 0, limit.FileDescriptorReserve, fitting, limit.MaxConcurrentConnections);
        }

        return fitting;
    }

    /// <summary>TLS 1.2 or 1.3 with the certificate current at each handshake, so a replaced certificate is used by the
    /// next connection. Kestrel adds the ALPN protocols of the listener. On the agents' listener the client is asked for
    /// its certificate, and any (or none) is let through the handshake: the ingest stream judges it against the agent
    /// CA and the table of issued certificates, and says why it refuses one (a failed handshake says nothing).</summary>
    private void UseTls(ListenOptions listen, ListenUrl url, bool askForClientCertificate)
    {
        if (!url.Tls)
        {
            return;
        }

        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = certificates.Current,
                EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
                ClientCertificateRequired = askForClientCertificate,
#pragma warning disable CA5359 // client certificates are judged per stream (Ingest/AgentAuthenticator), not here
                RemoteCertificateValidationCallback = askForClientCertificate ? static (_, _, _, _) => true : null,
#pragma warning restore CA5359
            }),
        });
    }

    /// <summary>So that half-open and idle connections do not pile up: the HTTP/2 ping detects agents that vanished
    /// without closing their TCP connection (their stream ends and they stop counting as connected); the other
    /// timeouts close connections that say nothing.</summary>
    internal static void ApplyLimits(KestrelServerLimits kestrel, LimitsOptions limits, int? maxConnections = null)
    {
        kestrel.Http2.KeepAlivePingDelay = limits.Http2KeepAlivePingDelay;
        kestrel.Http2.KeepAlivePingTimeout = limits.Http2KeepAlivePingTimeout;
        kestrel.KeepAliveTimeout = limits.KeepAliveTimeout;
        kestrel.RequestHeadersTimeout = limits.RequestHeadersTimeout;
        kestrel.MaxConcurrentConnections = maxConnections ?? limits.MaxConcurrentConnections;
    }
}
