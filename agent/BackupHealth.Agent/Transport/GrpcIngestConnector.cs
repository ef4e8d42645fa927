using BackupHealth.Contracts.V1;
using Grpc.Core;

namespace BackupHealth.Agent.Transport;

/// <summary>Opens <c>Ingest.Connect</c> calls over the <see cref="CollectorConnection"/> (HTTP/2 over TLS, checked by
/// <see cref="CollectorTrust"/>; without TLS only for an http:// URL that <c>Agent:AllowInsecureHttp</c> allows),
/// authenticated by the agent's certificate once enrolled, else by <c>authorization: Bearer &lt;Agent:Token&gt;</c>.
/// A stream ends when a renewed certificate retires its channel; the agent then reconnects with the new one.</summary>
internal sealed class GrpcIngestConnector(CollectorConnection connection) : IIngestConnector
{
    public bool UsesCertificate => connection.UsesCertificate;

    public IIngestStream Open(CancellationToken cancellationToken)
    {
        var link = connection.Current();
        var lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, link.Retired);
        try
        {
            var call = new Ingest.IngestClient(link.Channel).Connect(link.Headers, cancellationToken: lifetime.Token);
            return new GrpcIngestStream(call, lifetime);
        }
        catch
        {
            lifetime.Dispose();
            throw;
        }
    }

    private sealed class GrpcIngestStream(AsyncDuplexStreamingCall<AgentMessage, CollectorMessage> call, CancellationTokenSource lifetime) : IIngestStream
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

        public void Dispose()
        {
            call.Dispose();
            lifetime.Dispose();
        }
    }
}
