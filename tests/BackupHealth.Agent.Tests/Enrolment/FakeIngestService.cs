using BackupHealth.Contracts.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace BackupHealth.Agent.Tests.Enrolment;

/// <summary>The Ingest service of <see cref="FakeCollector"/>: records how each stream authenticated, then reads
/// until the agent ends it.</summary>
internal sealed class FakeIngestService(FakeCollectorState state) : Ingest.IngestBase
{
    public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<CollectorMessage> responseStream, ServerCallContext context)
    {
        var http = context.GetHttpContext();
        state.IngestStreams.Enqueue((http.Connection.ClientCertificate, http.Request.Headers.Authorization.ToString()));
        try
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The agent went away or reconnects.
        }
    }
}
