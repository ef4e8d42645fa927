using System.Buffers.Binary;
using System.Net;
using System.Text;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Store.Sqlite.Schema;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Tests.Store;

/// <summary>A database with damaged pages — a disk that returned garbage, a copy taken mid-write — found at start by
/// SQLite's quick_check, said in the log, and the collector stays not ready.</summary>
public sealed class DamagedDatabaseTests : IDisposable
{
    private const string Marker = "DAMAGE-HERE";
    private readonly TempDirectory _data = new("bh-damaged");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Damaged_table_pages_are_reported_at_start_and_keep_the_collector_not_ready()
    {
        await StoreObservationsAsync();
        DamagePageHolding($"{Marker}-150-");

        var log = new CollectorLog();
        var (app, _, errors) = TestCollector.Build(_data, services: log.AddTo);
        string[] expected = ["BackupHealth.Collector.Store.Sqlite.Schema.StoreIntegrity", "Microsoft.Extensions.Diagnostics.HealthChecks"];
        errors.Expected.Add((category, _) => expected.Any(c => category.StartsWith(c, StringComparison.Ordinal)));
        await using (app)
        {
            await app.StartAsync();
            using var anonymous = TestTls.Client(app.Services.GetRequiredService<CollectorEndpoints>().Web);

            var first = await ReadyProbe.GetAsync(anonymous);
            var second = await ReadyProbe.GetAsync(anonymous);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.Status);
            Assert.StartsWith("Unhealthy: the database failed its integrity check at start (quick_check): ", first.Body, StringComparison.Ordinal);
            Assert.Equal(first, second);
            var reported = Assert.Single(log.Records, r => r.Id.Id == 1387);
            Assert.Equal(LogLevel.Error, reported.Level);
            Assert.Contains(_data.Combine("backuphealth.db"), reported.Message, StringComparison.Ordinal);
            Assert.Contains("quick_check", reported.Message, StringComparison.Ordinal);
            Assert.Null(reported.Exception);
            await app.StopAsync();
        }

        Assert.NotEmpty(errors.ExpectedLogged);
        errors.AssertNone();
    }

    [Fact]
    public async Task A_sound_database_passes_its_check_at_start_and_is_ready()
    {
        await StoreObservationsAsync();

        var log = new CollectorLog();
        var (app, _, errors) = TestCollector.Build(_data, services: log.AddTo);
        await using (app)
        {
            await app.StartAsync();
            using var anonymous = TestTls.Client(app.Services.GetRequiredService<CollectorEndpoints>().Web);

            Assert.Equal((HttpStatusCode.OK, "Healthy"), await ReadyProbe.GetAsync(anonymous));
            Assert.Single(log.Records, r => r.Id.Id == 1388);
            await app.StopAsync();
        }

        errors.AssertNone();
    }

    /// <summary>A first run of the collector stores 300 observations, each message naming its number, and stops; the
    /// write-ahead log is folded into the database file.</summary>
    private async Task StoreObservationsAsync()
    {
        var (app, _, errors) = TestCollector.Build(_data);
        await using (app)
        {
            await app.StartAsync();
            using var channel = TestCollector.Channel(app.Services.GetRequiredService<CollectorEndpoints>().Grpc);
            await using var agent = await TestAgent.ConnectAsync(new Contracts.V1.Ingest.IngestClient(channel), TestCollector.ContosoToken, "agent-1");
            var observations = Enumerable.Range(0, 300).Select(i =>
            {
                var observation = Observations.Valid($"obs-{i}");
                observation.Message = $"{Marker}-{i:D3}-{new string('x', 200)}";
                return observation;
            });
            await agent.SendBatchAsync(Observations.Batch(1, [.. observations]));
            await agent.WaitForAckAsync(1);
            await app.StopAsync();
        }

        errors.AssertNone();
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={_data.Combine("backuphealth.db")};Pooling=False");
        await connection.OpenAsync();
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await checkpoint.ExecuteNonQueryAsync();
    }

    /// <summary>Overwrites 2 KiB in the middle of the page that holds <paramref name="text"/> (a leaf of the
    /// observations table, never the file's first page): several rows' cell headers become garbage.</summary>
    private void DamagePageHolding(string text)
    {
        var path = _data.Combine("backuphealth.db");
        var bytes = File.ReadAllBytes(path);
        var pageSize = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(16, 2));
        var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text));
        Assert.True(at > pageSize, $"'{text}' is on a page after the first one (at {at}, pages of {pageSize} bytes)");
        var middle = at - (at % pageSize) + (pageSize / 2);
        bytes.AsSpan(middle - 1024, 2048).Fill(0xFF);
        File.WriteAllBytes(path, bytes);
    }
}
