using System.Net;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Writer;
using BackupHealth.Collector.Tests.Support;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Collector.Tests.Telemetry;

/// <summary>The health probes a load balancer or service manager calls: anonymous HTTP on the web port, the standard
/// grpc.health.v1 service on the agents' port.</summary>
public sealed class HealthTests : IAsyncLifetime
{
    private TestCollector _collector = null!;

    private void ExpectUnhealthyLogged() => _collector.Errors.Expected.Add((category, _) =>
        category.StartsWith("Microsoft.Extensions.Diagnostics.HealthChecks", StringComparison.Ordinal));

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync();

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    [Fact]
    public async Task Live_and_ready_answer_healthy_without_credentials()
    {
        using var client = _collector.Anonymous;
        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_turns_unavailable_when_the_store_stops_taking_writes_while_live_stays_ok()
    {
        ExpectUnhealthyLogged();
        await _collector.App.Services.GetRequiredService<StoreWriter>().StopAsync();
        using var client = _collector.Anonymous;
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy: the store is not open: starting, stopping, or it could not be opened", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Grpc_health_service_on_the_agents_port_says_serving_then_not_serving_when_the_store_stops()
    {
        using var channel = TestCollector.Channel(_collector.Endpoints.Grpc);
        var health = new Grpc.Health.V1.Health.HealthClient(channel);

        var before = await health.CheckAsync(new HealthCheckRequest());
        ExpectUnhealthyLogged();
        await _collector.App.Services.GetRequiredService<StoreWriter>().StopAsync();
        var after = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, before.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, after.Status);
    }

    [Fact]
    public async Task Health_probes_are_not_served_on_the_agents_port()
    {
        using var client = new HttpClient(BackupHealth.Testing.TestTls.Handler()) { BaseAddress = _collector.Endpoints.Grpc, DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
