using BackupHealth.Contracts.V1;

namespace BackupHealth.Agent.Transport;

/// <summary>One open <c>Ingest.Connect</c> stream. Failures surface as <see cref="Grpc.Core.RpcException"/> from
/// <see cref="ReadAsync"/> or <see cref="WriteAsync"/>; only one write may be pending at a time.</summary>
internal interface IIngestStream : IDisposable
{
    Task WriteAsync(AgentMessage message, CancellationToken cancellationToken);

    /// <returns>The next message, or null when the collector ended the stream without an error.</returns>
    Task<CollectorMessage?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>The status (with trailers) the collector ended the call with, when it has ended with an error. A write
    /// that fails because the call ended may not carry the trailers; this does.</summary>
    Grpc.Core.RpcException? FinalError();
}
