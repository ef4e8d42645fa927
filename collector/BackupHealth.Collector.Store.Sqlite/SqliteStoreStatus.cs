using BackupHealth.Collector.Store.Sqlite.Schema;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite;

/// <summary>The database a command (add-user, create-api-token, …) works on must be the one a collector already made
/// and brought to this version's schema: a command never creates, migrates or seeds one, so a wrong data folder is an
/// error instead of a new empty database nobody signs in to.</summary>
internal sealed class SqliteStoreStatus(SqliteConnectionFactory connections, StoreWriter writer) : IStoreStatus
{
    public string Location => connections.DatabasePath;

    /// <returns>Why the database cannot be used, or null when it can.</returns>
    public string? ExistingDatabaseProblem()
    {
        var path = connections.DatabasePath;
        if (!File.Exists(path))
        {
            return $"there is no collector database at {path}. Give the command the collector's settings: the same --config FILE, "
                + "environment and folder the collector runs with, or --Collector:DataPath=DIR (the folder that holds "
                + $"{SqliteConnectionFactory.FileName}).";
        }

        var latest = Migration.LoadEmbedded()[^1].Version;
        try
        {
            using var connection = connections.OpenReader();
            var version = SchemaMigrator.CurrentVersion(connection);
            return version == latest ? null
                : $"the database {path} has schema version {version}, this program needs {latest}: start the collector of this version once to bring it up to date";
        }
        catch (SqliteException ex)
        {
            return $"cannot read the collector database {path}: {ex.Message}";
        }
        finally
        {
            connections.ClearReaderPool();
        }
    }

    public void OpenForCommand() => writer.Start();

    public async Task ReleaseAsync()
    {
        await writer.StopAsync();
        connections.ClearReaderPool();
    }
}
