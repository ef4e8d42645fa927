using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace BackupHealth.IntegrationTests.Otlp;

/// <summary>A real OTLP/gRPC receiver on 127.0.0.1 (h2c, a port the OS picks): the three collector services of the
/// OpenTelemetry protocol, remembering per <c>service.name</c> the metric names, span names and log records it got.</summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, Uri endpoint, Received received)
    {
        _app = app;
        Endpoint = endpoint;
        Got = received;
    }

    public Uri Endpoint { get; }

    public Received Got { get; }

    public static async Task<OtlpReceiver> StartAsync()
    {
        var received = new Received();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(received);
        var app = builder.Build();
        app.MapGrpcService<MetricsReceiver>();
        app.MapGrpcService<TraceReceiver>();
        app.MapGrpcService<LogsReceiver>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Single();
        return new OtlpReceiver(app, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)), received);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>What arrived, by the sender's <c>service.name</c>.</summary>
    internal sealed class Received
    {
        private readonly ConcurrentDictionary<(string Service, string Name), byte> _metrics = new();
        private readonly ConcurrentDictionary<(string Service, string Name), byte> _spans = new();
        private readonly ConcurrentDictionary<string, int> _logs = new();

        public IReadOnlySet<string> Metrics(string service) => _metrics.Keys.Where(k => k.Service == service).Select(k => k.Name).ToHashSet();

        public IReadOnlySet<string> Spans(string service) => _spans.Keys.Where(k => k.Service == service).Select(k => k.Name).ToHashSet();

        public int Logs(string service) => _logs.GetValueOrDefault(service);

        public string Summary() =>
            $"metrics: {string.Join(", ", _metrics.Keys.Select(k => $"{k.Service}/{k.Name}").Order())}; "
            + $"spans: {string.Join(", ", _spans.Keys.Select(k => $"{k.Service}/{k.Name}").Order())}; "
            + $"logs: {string.Join(", ", _logs.Select(l => $"{l.Key}={l.Value}"))}";

        public void Add(ExportMetricsServiceRequest request)
        {
            foreach (var resource in request.ResourceMetrics)
            {
                foreach (var metric in resource.ScopeMetrics.SelectMany(s => s.Metrics))
                {
                    _metrics.TryAdd((ServiceName(resource.Resource), metric.Name), 0);
                }
            }
        }

        public void Add(ExportTraceServiceRequest request)
        {
            foreach (var resource in request.ResourceSpans)
            {
                foreach (var span in resource.ScopeSpans.SelectMany(s => s.Spans))
                {
                    _spans.TryAdd((ServiceName(resource.Resource), span.Name), 0);
                }
            }
        }

        public void Add(ExportLogsServiceRequest request)
        {
            foreach (var resource in request.ResourceLogs)
            {
                _logs.AddOrUpdate(ServiceName(resource.Resource), resource.ScopeLogs.Sum(s => s.LogRecords.Count),
                    (_, n) => n + resource.ScopeLogs.Sum(s => s.LogRecords.Count));
            }
        }

        private static string ServiceName(Resource? resource) =>
            resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value.StringValue ?? "";
    }

    private sealed class MetricsReceiver(Received received) : MetricsService.MetricsServiceBase
    {
        public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
        {
            received.Add(request);
            return Task.FromResult(new ExportMetricsServiceResponse());
        }
    }

    private sealed class TraceReceiver(Received received) : TraceService.TraceServiceBase
    {
        public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
        {
            received.Add(request);
            return Task.FromResult(new ExportTraceServiceResponse());
        }
    }

    private sealed class LogsReceiver(Received received) : LogsService.LogsServiceBase
    {
        public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
        {
            received.Add(request);
            return Task.FromResult(new ExportLogsServiceResponse());
        }
    }
}
