using BackupHealth.Collector.Host;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Connections;
using BackupHealth.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Benchmarks;

/// <summary>The real collector, in this process, on a fresh SQLite file in a temp folder, serving https with the test
/// CA's certificate (<see cref="TestTls"/>), as agents meet it over a network.</summary>
internal sealed class CollectorUnderTest : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _folder;

    private CollectorUnderTest(WebApplication app, string folder, string token)
    {
        _app = app;
        _folder = folder;
        Token = token;
        var endpoints = app.Services.GetRequiredService<CollectorEndpoints>();
        GrpcUri = endpoints.Grpc;
        WebUri = endpoints.Web;
    }

    public string Token { get; }

    public Uri GrpcUri { get; }

    public Uri WebUri { get; }

    /// <summary>The test CA as a PEM file, for an agent's <c>Agent:CollectorCaFile</c>.</summary>
    public string CaFile => TestTls.WriteCa(_folder);

    public string DatabasePath => Path.Combine(_folder, SqliteConnectionFactory.FileName);

    public static async Task<CollectorUnderTest> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"bh-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        const string token = "benchmark-token-0123456789";
        var builder = CollectorHost.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(TestTls.CollectorSettings(folder))
        {
            ["Collector:DataPath"] = folder,
            ["Collector:GrpcUrl"] = "https://127.0.0.1:0",
            ["Collector:WebUrl"] = "https://127.0.0.1:0",
            ["Collector:Sites:0:Customer"] = "Bench Customer",
            ["Collector:Sites:0:Site"] = "Bench Site",
            ["Collector:Sites:0:AgentTokens:0"] = token,
            ["Collector:AllowSiteTokens"] = "true", // these agents stream with site tokens
            ["Logging:LogLevel:Default"] = "Warning",

            // The alert evaluator re-reads every job every 30 s by default, however fast observations arrive; landing at
            // random in a timed phase of two seconds it took 15 % of one in a profile (26,000 jobs by then). Its first
            // run is one interval after start, so at its longest (1 h) it stays out of every run of this benchmark.
            ["Collector:Alerts:EvaluationInterval"] = "01:00:00",

            // Every simulated agent connects from 127.0.0.1, and the default allows 500 connections per address on a
            // listener (a guard against one host flooding the collector): the 1,000-agent run, with the connections of earlier
            // phases still closing, needs more.
            ["Collector:Limits:MaxConnectionsPerAddress"] = "1000000",

            // One simulated agent sends all 200,000 observations of a timed phase within a second or two: far above what a
            // real agent may send (10,000 a minute by default, a guard against a flooding agent). The quota is still checked.
            ["Collector:Limits:ObservationsPerAgentPerMinute"] = "100000000",
            ["Collector:Limits:ObservationsPerAgentPerDay"] = "1000000000",
        });
        var app = CollectorHost.Build(builder, ShippedStores.All);
        await app.StartAsync();
        return new CollectorUnderTest(app, folder, token);
    }

    public long CountObservations()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM observations";
        return (long)command.ExecuteScalar()!;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
