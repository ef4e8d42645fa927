using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Alerts;
using BackupHealth.Collector.Store.Sqlite.Connections;
using BackupHealth.Collector.Store.Sqlite.Coverage;
using BackupHealth.Collector.Store.Sqlite.Dashboard;
using BackupHealth.Collector.Store.Sqlite.Enrolment;
using BackupHealth.Collector.Store.Sqlite.Ingest;
using BackupHealth.Collector.Store.Sqlite.Notify;
using BackupHealth.Collector.Store.Sqlite.Schema;
using BackupHealth.Collector.Store.Sqlite.Writer;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Collector.Tests.StoreContract;

/// <summary>The SQLite backend for the store contract: a real file in a folder of its own per store.</summary>
public sealed class SqliteBackendFixture : IStoreBackendFixture
{
    Task<StoreUnderTest> IStoreBackendFixture.CreateAsync()
    {
        var folder = new TempDirectory();
        var connections = new SqliteConnectionFactory(folder.Combine(SqliteConnectionFactory.FileName));
        using (var connection = connections.OpenWriter())
        {
            new SchemaMigrator(Migration.LoadEmbedded(), NullLogger.Instance).Migrate(connection, TimeProvider.System);
            SiteSeeder.Seed(connection, [
                new SiteOptions { Customer = "Contoso Ltd", Site = "Head office" },
                new SiteOptions { Customer = "Fabrikam", Site = "Branch" },
            ], TestCollector.StartTime);
        }

        long SiteId(string customer)
        {
            using var connection = connections.OpenReader();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT s.id FROM sites s JOIN customers c ON c.id = s.customer_id WHERE c.name = $name";
            command.Parameters.AddWithValue("$name", customer);
            return (long)command.ExecuteScalar()!;
        }

        // Every write goes through the store's one writer, as in the collector.
        var writer = new StoreWriter(connections, NullLogger<StoreWriter>.Instance);
        writer.Start();
        var changes = new ChangeFeed();
        return Task.FromResult(new StoreUnderTest(new SqliteEvaluationStore(connections, writer), new SqliteNotificationQueue(connections, writer),
            SiteId("Contoso Ltd"), SiteId("Fabrikam"), new FolderLifetime(connections, writer, folder))
        {
            Ingest = new SqliteIngestStore(writer, new FakeTimeProvider(TestCollector.StartTime), changes),
            Changes = changes,
            AlertCommands = new SqliteAlertCommandStore(writer),
            AlertReads = new SqliteAlertReadStore(connections),
            Coverage = new SqliteCoverageStore(connections, writer),
            DashboardReads = new SqliteDashboardReads(connections),
            Seed = new SqliteContractSeed(connections),
            Enrolment = new EnrolmentStores(new SqliteEnrolmentTokenStore(connections, writer), new SqliteAgentCertificateStore(connections, writer),
                new SqliteEnrolmentStore(writer)),
        });
    }

    private sealed class FolderLifetime(SqliteConnectionFactory connections, StoreWriter writer, TempDirectory folder) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await writer.StopAsync();
            connections.ClearReaderPool();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Dispose();
        }
    }
}
