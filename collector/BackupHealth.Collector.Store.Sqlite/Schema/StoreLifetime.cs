using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using BackupHealth.Collector.Hosting;
using BackupHealth.FilesAtRest;

namespace BackupHealth.Collector.Store.Sqlite.Schema;

/// <summary>Prepares the database before anything listens (StartingAsync runs before any hosted service starts,
/// the web server included) and stops the writer only after the server has stopped (StoppedAsync), so streams
/// that end during shutdown can still record their agent as disconnected.</summary>
internal sealed class StoreLifetime(
    SqliteConnectionFactory connections,
    StoreWriter writer,
    IOptions<CollectorOptions> options,
    TimeProvider time,
    ILogger<StoreLifetime> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(connections.DatabasePath)!;
        try
        {
            OwnerOnly.CreateFolder(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CollectorStartupException($"Collector:DataPath: cannot create the data folder {folder}: {ex.Message}", ex);
        }

        try
        {
            foreach (var (path, was) in DatabaseFiles.MakeOwnerOnly(connections.DatabasePath))
            {
                Log.DataFileNarrowed(logger, path, Convert.ToString((int)was, 8).PadLeft(4, '0'));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CollectorStartupException($"Cannot make the database {connections.DatabasePath} readable by the collector's user only: {ex.Message}", ex);
        }

        try
        {
            Prepare();
            writer.Start();
        }
        catch (SqliteException ex)
        {
            throw new CollectorStartupException($"Cannot open the database {connections.DatabasePath}: {ex.Message}", ex);
        }

        return Task.CompletedTask;
    }

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        await writer.StopAsync();
        connections.ClearReaderPool();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Prepare()
    {
        using var connection = connections.OpenWriter();
        var migrator = new SchemaMigrator(Migration.LoadEmbedded(), logger);
        var before = migrator.Migrate(connection, time);
        var seeded = SiteSeeder.Seed(connection, options.Value.Sites, time.GetUtcNow());

        // Streams of a previous run ended with that process, however it ended.
        using var reset = connection.CreateCommand();
        reset.CommandText = "UPDATE agents SET open_streams = 0 WHERE open_streams <> 0";
        reset.ExecuteNonQuery();

        Log.StoreReady(logger, connections.DatabasePath, before, migrator.LatestVersion, seeded.Sites, seeded.Tokens, seeded.Revoked);
        if (seeded.Sites == 0)
        {
            Log.NoSitesConfigured(logger);
        }
    }
}
