using BackupHealth.Contracts.V1;
using BackupHealth.Testing;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Benchmarks;

/// <summary>The ceiling: a gRPC server speaking the same contract that acknowledges every batch at once and stores
/// nothing. Durable ingest is measured against its rate in the same run.</summary>
internal static class NoopIngestServer
{
    public static async Task<(WebApplication App, Uri Address)> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 4 * 1024 * 1024);
        // TLS with the certificate the collector under test presents, so both pay the same for encryption.
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l =>
        {
            l.Protocols = HttpProtocols.Http2;
            l.UseHttps(TestTls.Server);
        }));
        var app = builder.Build();
        app.MapGrpcService<NoopIngest>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, new Uri(address.Replace("http://", "https://", StringComparison.Ordinal)));
    }

    private sealed class NoopIngest : Ingest.IngestBase
    {
        public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<CollectorMessage> responseStream, ServerCallContext context)
        {
            await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
            {
                switch (message.BodyCase)
                {
                    case AgentMessage.BodyOneofCase.Hello:
                        await responseStream.WriteAsync(new CollectorMessage { Welcome = new Welcome { CollectorVersion = "noop" } });
                        break;
                    case AgentMessage.BodyOneofCase.Observations:
                        await responseStream.WriteAsync(new CollectorMessage { Ack = new Ack { Sequence = message.Observations.Sequence } });
                        break;
                }
            }
        }
    }
}
