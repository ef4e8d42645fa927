using BackupHealth.Collector.Host;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Connections;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Testing;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackupHealth.IntegrationTests;

/// <summary>The real collector in this process, on 127.0.0.1 https ports chosen by the OS and a real SQLite file in
/// <paramref name="dataPath"/>, so a test can stop it and start another over the same data.</summary>
internal sealed class CollectorServer : IAsyncDisposable
{
    public const string Token = "integration-test-token-0001";
    public const string Customer = "Contoso Ltd";
    public const string Site = "Head office";

    private readonly WebApplication _app;
    private readonly List<HttpClient> _clients = [];

    private CollectorServer(WebApplication app, string dataPath)
    {
        _app = app;
        DataPath = dataPath;
        var endpoints = app.Services.GetRequiredService<CollectorEndpoints>();
        Grpc = endpoints.Grpc;
        Web = endpoints.Web;
    }

    public string DataPath { get; }

    public Uri Grpc { get; }

    public Uri Web { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>A client of the web surface acting as <paramref name="username"/> (an admin unless
    /// <paramref name="role"/> says otherwise) through an API token; disposed with the server.</summary>
    public async Task<HttpClient> ApiClientAsync(string username = WebUsers.AdminName, string role = Roles.Admin, params string[] customers)
    {
        var client = await WebUsers.ClientAsync(_app.Services, Web, username, role, customers);
        _clients.Add(client);
        return client;
    }

    /// <summary>A gRPC channel to <paramref name="address"/> (a collector's <see cref="Grpc"/>) that trusts the test CA.</summary>
    public static GrpcChannel Channel(Uri address) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = TestTls.Handler(), DisposeHttpClient = true });

    public System.Net.IPEndPoint GrpcEndPoint => new(System.Net.IPAddress.Loopback, Grpc.Port);

    /// <param name="time">The collector's clock (a fake one for a test that moves it); the system clock when null.</param>
    /// <param name="ownCertificate">No <c>Collector:Tls</c> settings: the collector makes its own CA and server
    /// certificate in <c>DataPath/tls</c>, as in production without a configured certificate. Otherwise it presents the
    /// test CA's server certificate (<see cref="TestTls"/>), which the tests' clients and agents trust.</param>
    public static async Task<CollectorServer> StartAsync(
        string dataPath, ErrorLogCollector? errors = null, IDictionary<string, string?>? settings = null, TimeProvider? time = null,
        bool ownCertificate = false)
    {
        var builder = CollectorHost.CreateBuilder([]);
        var all = new Dictionary<string, string?>(ownCertificate ? [] : TestTls.CollectorSettings(dataPath))
        {
            ["Collector:DataPath"] = dataPath,
            ["Collector:GrpcUrl"] = "https://127.0.0.1:0",
            ["Collector:WebUrl"] = "https://127.0.0.1:0",
            ["Collector:Sites:0:Customer"] = Customer,
            ["Collector:Sites:0:Site"] = Site,
            ["Collector:Sites:0:AgentTokens:0"] = Token,
            ["Collector:AllowSiteTokens"] = "true", // these agents stream with site tokens
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(all);
        // A stream whose bytes the test holds back cannot close gracefully; don't wait the default 30 s for it.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Logging.ClearProviders();
        if (errors is not null)
        {
            builder.Logging.AddProvider(errors);
        }

        var app = CollectorHost.Build(builder, ShippedStores.All);
        await app.StartAsync();
        return new CollectorServer(app, dataPath);
    }

    /// <summary>Every stored observation as "job key/file path" (the files probe's run), one entry per row: a
    /// file delivered twice would appear twice.</summary>
    public IReadOnlyList<string> DeliveredRuns() => DeliveredRuns(DataPath);

    public static IReadOnlyList<string> DeliveredRuns(string dataPath)
    {
        using var connection = OpenStore(dataPath);
        if (connection is null)
        {
            return [];
        }

        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT j.job_key || '/' || json_extract(o.attributes, '$.path')
            FROM observations o JOIN jobs j ON j.id = o.job_id
            """;
        using var reader = command.ExecuteReader();
        var runs = new List<string>();
        while (reader.Read())
        {
            runs.Add(reader.GetString(0));
        }

        return runs;
    }

    /// <summary>How many observations the store holds (one row per agent and observation id).</summary>
    public long StoredObservations() => Count("SELECT count(*) FROM observations");

    /// <summary>The number a <c>SELECT count(*)</c> query gives on the store; 0 before the collector created it.</summary>
    public long Count(string sql)
    {
        using var connection = OpenStore(DataPath);
        if (connection is null)
        {
            return 0;
        }

        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The store read-only beside the running collector; null before the collector created it.</summary>
    private static SqliteConnection? OpenStore(string dataPath)
    {
        var file = Path.Combine(dataPath, SqliteConnectionFactory.FileName);
        if (!File.Exists(file))
        {
            return null;
        }

        var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    public async Task StopAsync()
    {
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
