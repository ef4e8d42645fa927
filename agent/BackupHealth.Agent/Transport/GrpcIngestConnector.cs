using BackupHealth.Agent.Hosting;
using BackupHealth.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Transport;

/// <summary>Opens <c>Ingest.Connect</c> calls over one <see cref="GrpcChannel"/> (HTTP/2 over TLS, checked by
/// <see cref="CollectorTrust"/>; without TLS only for an http:// URL that <c>Agent:AllowInsecureHttp</c> allows),
/// authenticated with <c>authorization: Bearer &lt;Agent:Token&gt;</c>.</summary>
internal sealed class GrpcIngestConnector : IIngestConnector, IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Ingest.IngestClient _client;
    private readonly Metadata _headers;

    public GrpcIngestConnector(IOptions<AgentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var agent = options.Value;
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
        (string.IsNullOrEmpty(agent.CollectorCaFile) ? CollectorTrust.System : CollectorTrust.FromFile(agent.CollectorCaFile)).Apply(handler.SslOptions);
        _channel = GrpcChannel.ForAddress(agent.CollectorUrl, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        _client = new Ingest.IngestClient(_channel);
        _headers = new Metadata { { "authorization", $"Bearer {agent.Token}" } };
    }

    public IIngestStream Open(CancellationToken cancellationToken) =>
        new GrpcIngestStream(_client.Connect(_headers, cancellationToken: cancellationToken));

    public void Dispose() => _channel.Dispose();

    private sealed class GrpcIngestStream(AsyncDuplexStreamingCall<AgentMessage, CollectorMessage> call) : IIngestStream
    {
        public Task WriteAsync(AgentMessage message, CancellationToken cancellationToken) =>
            call.RequestStream.WriteAsync(message, cancellationToken);

        public async Task<CollectorMessage?> ReadAsync(CancellationToken cancellationToken) =>
            await call.ResponseStream.MoveNext(cancellationToken) ? call.ResponseStream.Current : null;

        public RpcException? FinalError()
        {
            try
            {
                var status = call.GetStatus();
                return status.StatusCode == StatusCode.OK ? null : new RpcException(status, call.GetTrailers());
            }
            catch (InvalidOperationException)
            {
                return null; // the call has not ended
            }
        }

        public void Dispose() => call.Dispose();
    }
}
