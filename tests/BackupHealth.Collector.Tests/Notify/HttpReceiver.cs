using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Tests.Notify;

/// <summary>A real HTTP server on 127.0.0.1 (Kestrel) that records every POST and answers with scripted statuses
/// (200 once the script is used up) — a webhook receiver, Slack or Teams as far as the collector can tell.</summary>
internal sealed class HttpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentQueue<int> _statuses = new();
    private readonly WebApplication _app;

    private HttpReceiver(WebApplication app) => _app = app;

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Requests answered 2xx.</summary>
    public IReadOnlyList<ReceivedRequest> Accepted => [.. _requests.Where(r => r.Status is >= 200 and < 300)];

    public int Port { get; private set; }

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}/{path}");

    /// <param name="port">0 for any free port, or a port chosen earlier (a receiver that comes up late).</param>
    public static async Task<HttpReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var receiver = new HttpReceiver(app);
        app.MapPost("/{**path}", receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Port = new Uri(address).Port;
        return receiver;
    }

    /// <summary>Answers the next requests with these statuses, in order.</summary>
    public void RespondWith(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _statuses.Enqueue(status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var raw = new MemoryStream();
        await context.Request.Body.CopyToAsync(raw);
        var bytes = raw.ToArray();
        var status = _statuses.TryDequeue(out var scripted) ? scripted : StatusCodes.Status200OK;
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new ReceivedRequest(context.Request.Path, headers, Encoding.UTF8.GetString(bytes), status) { RawBody = bytes });
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(status < 300 ? "ok" : "receiver says no");
    }
}

internal sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, string Body, int Status)
{
    /// <summary>The body's bytes as they arrived, for checking a signature.</summary>
    public byte[] RawBody { get; init; } = [];
}
