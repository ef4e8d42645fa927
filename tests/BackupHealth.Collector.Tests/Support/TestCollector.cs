using System.Globalization;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using BackupHealth.Collector.Host;

namespace BackupHealth.Collector.Tests.Support;

/// <summary>A real collector in this process: ports 0 on 127.0.0.1, a SQLite file in a temp folder, fake time.
/// Disposing it stops it and fails the test if anything logged an unexpected error.</summary>
internal sealed class TestCollector : IAsyncDisposable
{
    public const string ContosoToken = "contoso-head-office-token-0001";
    public const string FabrikamToken = "fabrikam-branch-token-0002";
    public static readonly DateTimeOffset StartTime = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, HttpClient> _people = [];
    private GrpcChannel? _channel;
    private HttpClient? _http;

    private TestCollector(TempDirectory data, WebApplication app, FakeTimeProvider time, ErrorLogCollector errors)
    {
        Data = data;
        App = app;
        Time = time;
        Errors = errors;
    }

    public TempDirectory Data { get; }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public ErrorLogCollector Errors { get; }

    public CollectorEndpoints Endpoints => App.Services.GetRequiredService<CollectorEndpoints>();

    public string DatabasePath => Data.Combine("backuphealth.db");

    public Contracts.V1.Ingest.IngestClient Client => new(_channel ??= Channel(Endpoints.Grpc));

    /// <summary>The web surface as the admin (an API token of theirs).</summary>
    public HttpClient Http => _http ?? throw new InvalidOperationException("not started");

    /// <summary>The web surface with no credentials.</summary>
    public HttpClient Anonymous => TestTls.Client(Endpoints.Web);

    /// <summary>A gRPC channel to <paramref name="address"/> that trusts the test CA.</summary>
    public static GrpcChannel Channel(Uri address) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = TestTls.Handler(), DisposeHttpClient = true });

    /// <summary>The web surface as <paramref name="user"/> (created with <paramref name="role"/> when missing).</summary>
    public async Task<HttpClient> AsAsync(string user, string role = Roles.Admin)
    {
        if (!_people.TryGetValue(user, out var client))
        {
            _people[user] = client = await WebUsers.ClientAsync(App.Services, Endpoints.Web, user, role);
        }

        return client;
    }

    /// <summary>Ports 0, TLS with the test CA's server certificate, two sites.</summary>
    public static Dictionary<string, string?> DefaultSettings(TempDirectory data) => new(TestTls.CollectorSettings(data.Path))
    {
        ["Collector:DataPath"] = data.Path,
        ["Collector:GrpcUrl"] = "https://127.0.0.1:0",
        ["Collector:WebUrl"] = "https://127.0.0.1:0",
        // Most tests stream with the site tokens below; Tls/ tests the agent certificates.
        ["Collector:AllowSiteTokens"] = "true",
        ["Collector:Sites:0:Customer"] = "Contoso Ltd",
        ["Collector:Sites:0:Site"] = "Head office",
        ["Collector:Sites:0:AgentTokens:0"] = ContosoToken,
        ["Collector:Sites:1:Customer"] = "Fabrikam",
        ["Collector:Sites:1:Site"] = "Branch",
        ["Collector:Sites:1:AgentTokens:0"] = FabrikamToken,
    };

    /// <summary>Builds (does not start) a collector; <paramref name="configure"/> may change the settings and
    /// <paramref name="services"/> add to the collector's services (e.g. an in-memory span exporter).</summary>
    public static (WebApplication App, FakeTimeProvider Time, ErrorLogCollector Errors) Build(
        TempDirectory data, Action<Dictionary<string, string?>>? configure = null, Action<IServiceCollection>? services = null)
    {
        var settings = DefaultSettings(data);
        configure?.Invoke(settings);
        var time = new FakeTimeProvider(StartTime);
        var errors = new ErrorLogCollector();
        var builder = CollectorHost.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(errors);
        builder.Services.AddSingleton<TimeProvider>(time);
        return (CollectorHost.Build(builder, ShippedStores.All, services), time, errors);
    }

    public static async Task<TestCollector> StartAsync(
        Action<Dictionary<string, string?>>? configure = null, Action<IServiceCollection>? services = null)
    {
        var data = new TempDirectory("bh-collector");
        var (app, time, errors) = Build(data, configure, services);
        await app.StartAsync();
        var collector = new TestCollector(data, app, time, errors);
        collector._http = await WebUsers.ClientAsync(app.Services, collector.Endpoints.Web);
        return collector;
    }

    public Task<TestAgent> ConnectAsync(string agentId, string token = ContosoToken) =>
        TestAgent.ConnectAsync(Client, token, agentId);

    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64(await ScalarAsync(sql, parameters), CultureInfo.InvariantCulture);

    public async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        foreach (var client in _people.Values)
        {
            client.Dispose();
        }

        _channel?.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Data.Dispose();
        Errors.AssertNone();
    }
}
