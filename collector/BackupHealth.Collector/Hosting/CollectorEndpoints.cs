using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace BackupHealth.Collector.Hosting;

/// <summary>The addresses the collector actually listens on, readable once the host has started — with port 0 in
/// configuration this is the only way to learn the ports. Kestrel writes the bound endpoint back into the
/// <see cref="ListenOptions"/> it was configured with, so the values are read from there.</summary>
internal sealed class CollectorEndpoints
{
    private ListenOptions? _grpc;
    private ListenOptions? _web;
    private bool _grpcTls;
    private bool _webTls;

    /// <summary>Where agents connect (HTTP/2; https unless Collector:AllowInsecureHttp chose http).</summary>
    public Uri Grpc => ToUri(_grpc, _grpcTls, "gRPC");

    /// <summary>Where the page and the JSON API are served.</summary>
    public Uri Web => ToUri(_web, _webTls, "web");

    public bool IsBound => _grpc?.IPEndPoint?.Port > 0 && _web?.IPEndPoint?.Port > 0;

    internal void Attach(ListenOptions grpc, ListenOptions web, bool grpcTls, bool webTls)
    {
        _grpc = grpc;
        _web = web;
        _grpcTls = grpcTls;
        _webTls = webTls;
    }

    /// <summary>Which surface a connection that arrived on <paramref name="localPort"/> belongs to. The options rules
    /// guarantee the two ports differ.</summary>
    internal Surface? SurfaceOf(int localPort) =>
        localPort == _grpc?.IPEndPoint?.Port ? Surface.Grpc
        : localPort == _web?.IPEndPoint?.Port ? Surface.Web
        : null;

    private static Uri ToUri(ListenOptions? options, bool tls, string name)
    {
        var endpoint = options?.IPEndPoint;
        if (endpoint is null || endpoint.Port == 0)
        {
            throw new InvalidOperationException($"The {name} endpoint is not bound yet; read it after the host has started.");
        }

        // A wildcard address is where the collector listens, not where a client can connect to it.
        var address = endpoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : endpoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : endpoint.Address;
        return new UriBuilder(tls ? Uri.UriSchemeHttps : Uri.UriSchemeHttp, address.ToString(), endpoint.Port).Uri;
    }
}
