using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace BackupHealth.Agent.Transport;

/// <summary>The one way the agent opens a gRPC channel to its collector: HTTP/2 with keep-alive pings, the server
/// checked by a <see cref="CollectorTrust"/>, and — once enrolled — the agent's own client certificate.</summary>
internal static class CollectorChannel
{
    /// <param name="clientCertificate">Presented in every TLS handshake (with its private key); null for none.</param>
    /// <param name="configure">Last say over the TLS options, e.g. enrolment's provisional server check.</param>
    /// <param name="proxy">The HTTP proxy to tunnel through (<see cref="CollectorProxy"/>); null: the environment's.</param>
    public static GrpcChannel Create(
        string url, CollectorTrust trust, X509Certificate2? clientCertificate = null, Action<SslClientAuthenticationOptions>? configure = null,
        IWebProxy? proxy = null)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var handler = new SocketsHttpHandler
        {
            // The stream lives for days; pings find a dead peer (NAT timeout, pulled cable) without waiting for TCP.
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            EnableMultipleHttp2Connections = true,
        };
        if (proxy is not null)
        {
            handler.Proxy = proxy;
        }

        // grpc-dotnet's own connection management (for client-side load balancing) opens sockets itself and so
        // bypasses any proxy; the agent has one collector address, so the handler makes every connection.
        handler.Properties["__GrpcLoadBalancingDisabled"] = true;
        trust.Apply(handler.SslOptions);
        if (clientCertificate is not null)
        {
            // Sent whatever CA names the server asks for (the collector may ask for none).
            handler.SslOptions.ClientCertificateContext = SslStreamCertificateContext.Create(clientCertificate, additionalCertificates: null, offline: true);
        }

        configure?.Invoke(handler.SslOptions);
        return GrpcChannel.ForAddress(url, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }
}
