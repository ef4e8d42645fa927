using BackupHealth.Collector.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Store.Sqlite.Schema;

/// <summary>Brings a database to the newest schema: applies every script newer than the version recorded in
/// <c>schema_version</c>, each in its own transaction together with its version row, so a failed script leaves the
/// database at the version before it.</summary>
internal sealed class SchemaMigrator
{
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly ILogger _logger;

    public SchemaMigrator(IReadOnlyList<Migration> migrations, ILogger logger)
    {
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version <= migrations[i - 1].Version)
            {
                throw new ArgumentException($"Migration versions must increase: {migrations[i - 1].Name}, {migrations[i].Name}.", nameof(migrations));
            }
        }

        _migrations = migrations;
        _logger = logger;
    }

    public int LatestVersion => _migrations.Count == 0 ? 0 : _migrations[^1].Version;

    /// <summary>Returns the version the database had before.</summary>
    public int Migrate(SqliteConnection connection, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(time);
        Execute(connection, null, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at INTEGER NOT NULL
            )
            """);
        var current = CurrentVersion(connection);
        if (current > LatestVersion)
        {
            throw new CollectorStartupException(
                $"The database {connection.DataSource} has schema version {current}, but this collector knows versions up to {LatestVersion}. " +
                "It was written by a newer collector: run that version, or restore a backup made before the upgrade.");
        }

        foreach (var migration in _migrations.Where(m => m.Version > current))
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, transaction, migration.Sql);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES ($version, $name, $at)";
            record.Parameters.AddWithValue("$version", migration.Version);
            record.Parameters.AddWithValue("$name", migration.Name);
            record.Parameters.AddWithValue("$at", time.GetUtcNow().ToUnixTimeMilliseconds());
            record.ExecuteNonQuery();
            transaction.Commit();
            Log.MigrationApplied(_logger, migration.Version, migration.Name);
        }

        return current;
    }

    public static int CurrentVersion(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
