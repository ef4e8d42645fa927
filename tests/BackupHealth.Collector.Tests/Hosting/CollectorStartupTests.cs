using System.Net;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Tests.Hosting;

public sealed class CollectorStartupTests
{
    [Fact]
    public async Task Bad_config_stops_start_naming_the_setting_before_anything_is_created()
    {
        using var data = new TempDirectory();
        var dataPath = data.Combine("store");
        var (app, _, _) = TestCollector.Build(data, s =>
        {
            s["Collector:DataPath"] = dataPath;
            s["Collector:GrpcUrl"] = "grpc://nowhere";
            s["Collector:Sites:0:AgentTokens:0"] = "too-short";
        });
        await using var _ = app;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith("Collector:GrpcUrl: ", StringComparison.Ordinal));
        Assert.Contains("Collector:Sites:0:AgentTokens:0: must be at least 16 characters", error.Failures);
        Assert.False(Directory.Exists(dataPath));
    }

    [Fact]
    public async Task Port_zero_binds_both_listeners_on_real_distinct_ports()
    {
        await using var collector = await TestCollector.StartAsync();

        var grpc = collector.Endpoints.Grpc;
        var web = collector.Endpoints.Web;

        Assert.Equal("127.0.0.1", grpc.Host);
        Assert.NotEqual(0, grpc.Port);
        Assert.NotEqual(0, web.Port);
        Assert.NotEqual(grpc.Port, web.Port);
        using var response = await collector.Http.GetAsync(new Uri("/api/v1/agents", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_api_is_not_served_on_the_grpc_port()
    {
        await using var collector = await TestCollector.StartAsync();
        using var http2 = new HttpClient(TestTls.Handler())
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await http2.GetAsync(new Uri(collector.Endpoints.Grpc, "/api/v1/agents"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Ingest_is_not_served_on_the_web_port()
    {
        await using var collector = await TestCollector.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(collector.Endpoints.Web, "/backuphealth.v1.Ingest/Connect"))
        {
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new("application/grpc");

        using var response = await collector.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Configured_tokens_are_stored_only_as_hashes()
    {
        await using var collector = await TestCollector.StartAsync();

        Assert.Equal(2L, await collector.CountAsync("SELECT count(*) FROM agent_tokens WHERE revoked IS NULL"));
        Assert.Equal(1L, await collector.CountAsync(
            "SELECT count(*) FROM agent_tokens WHERE token_hash = $h",
            ("$h", Collector.Store.TokenHash.Of(TestCollector.ContosoToken))));
        foreach (var file in Directory.GetFiles(collector.Data.Path))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.DoesNotContain(TestCollector.ContosoToken, System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_token_removed_from_configuration_is_revoked_at_the_next_start()
    {
        using var data = new TempDirectory();
        var (first, _, _) = TestCollector.Build(data);
        await first.StartAsync();
        await first.StopAsync();
        await first.DisposeAsync();

        var (second, _, errors) = TestCollector.Build(data, s => s["Collector:Sites:1:AgentTokens:0"] = "fabrikam-replacement-0003");
        await second.StartAsync();
        using (var channel = TestCollector.Channel(second.Services.GetRequiredService<Collector.Hosting.CollectorEndpoints>().Grpc))
        {
            var client = new Contracts.V1.Ingest.IngestClient(channel);
            var refused = await TestAgent.RefusedAsync(client, TestCollector.FabrikamToken, "branch-1");
            Assert.Equal(Grpc.Core.StatusCode.Unauthenticated, refused.StatusCode);
            await using var replacement = await TestAgent.ConnectAsync(client, "fabrikam-replacement-0003", "branch-1");
            Assert.Equal("Branch", replacement.Welcome.Site);
        }

        await second.StopAsync();
        await second.DisposeAsync();
        errors.AssertNone();

        await using var connection = new SqliteConnection($"Data Source={data.Combine("backuphealth.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT revoked IS NOT NULL FROM agent_tokens WHERE token_hash = $h";
        command.Parameters.AddWithValue("$h", Collector.Store.TokenHash.Of(TestCollector.FabrikamToken));
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_database_from_a_newer_collector_stops_start_with_a_clear_error()
    {
        using var data = new TempDirectory();
        var (first, _, _) = TestCollector.Build(data);
        await first.StartAsync();
        await first.StopAsync();
        await first.DisposeAsync();
        await using (var connection = new SqliteConnection($"Data Source={data.Combine("backuphealth.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES (999, '0999_future', 0)";
            await command.ExecuteNonQueryAsync();
        }

        var (second, _, errors) = TestCollector.Build(data);
        await using var _ = second;
        errors.Expected.Add((_, _) => true);

        var error = await Assert.ThrowsAsync<Collector.Hosting.CollectorStartupException>(() => second.StartAsync());
        Assert.Contains("schema version 999", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer collector", error.Message, StringComparison.Ordinal);
    }
}
