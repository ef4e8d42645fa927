using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using BackupHealth.Contracts.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Tests.Transport;

/// <summary>A stand-in collector for the agent's transport: a real Kestrel gRPC server on 127.0.0.1 (HTTP/2 over TLS
/// with the given certificate) whose <c>Ingest.Connect</c> answers a Hello with a Welcome and records the calls it got
/// and the <c>authorization</c> header each came with.</summary>
internal sealed class TlsIngestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Received _received;

    private TlsIngestServer(WebApplication app, Received received, Uri address)
    {
        _app = app;
        _received = received;
        Address = address;
    }

    /// <summary>e.g. <c>https://127.0.0.1:43817</c>.</summary>
    public Uri Address { get; }

    /// <summary>The agent id of every Hello received, in order: a call that got this far passed TLS.</summary>
    public IReadOnlyList<string> Calls => [.. _received.Calls];

    /// <summary>The <c>authorization</c> header of each of those calls ("" without one), in the same order.</summary>
    public IReadOnlyList<string> Authorizations => [.. _received.Authorizations];

    public static async Task<TlsIngestServer> StartAsync(X509Certificate2 certificate)
    {
        // Kestrel needs the key in a form the platform's TLS stack can use (Windows): round-trip through PKCS#12.
        var served = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        var received = new Received();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(received);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(served);
        }));
        var app = builder.Build();
        app.MapGrpcService<WelcomingIngest>();
        await app.StartAsync();
        var port = new Uri(app.Urls.Single()).Port;
        return new TlsIngestServer(app, received, new Uri($"https://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class Received
    {
        public ConcurrentQueue<string> Calls { get; } = new();

        public ConcurrentQueue<string> Authorizations { get; } = new();
    }

    private sealed class WelcomingIngest(Received received) : Ingest.IngestBase
    {
        public override async Task Connect(
            IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<CollectorMessage> responseStream, ServerCallContext context)
        {
            if (await requestStream.MoveNext(context.CancellationToken) && requestStream.Current.Hello is { } hello)
            {
                received.Authorizations.Enqueue(context.RequestHeaders.GetValue("authorization") ?? "");
                received.Calls.Enqueue(hello.AgentId);
                await responseStream.WriteAsync(new CollectorMessage { Welcome = new Welcome { Customer = "Contoso Ltd" } });
            }
        }
    }
}
