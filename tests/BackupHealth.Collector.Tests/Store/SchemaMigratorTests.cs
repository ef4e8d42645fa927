using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Connections;
using BackupHealth.Collector.Store.Sqlite.Schema;
using BackupHealth.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackupHealth.Collector.Tests.Store;

public sealed class SchemaMigratorTests : IDisposable
{
    private readonly TempDirectory _data = new("bh-migrate");
    private readonly SqliteConnection _connection;

    public SchemaMigratorTests()
    {
        _connection = new SqliteConnectionFactory(_data.Combine("test.db")).OpenWriter();
    }

    public void Dispose()
    {
        _connection.Dispose();
        _data.Dispose();
    }

    private static SchemaMigrator Embedded() => new(Migration.LoadEmbedded(), NullLogger.Instance);

    [Fact]
    public void The_embedded_scripts_are_numbered_from_one_without_gaps()
    {
        var versions = Migration.LoadEmbedded().Select(m => m.Version).ToList();

        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
    }

    [Fact]
    public void A_fresh_database_gets_the_latest_version()
    {
        var before = Embedded().Migrate(_connection, TimeProvider.System);

        Assert.Equal(0, before);
        Assert.Equal(Embedded().LatestVersion, SchemaMigrator.CurrentVersion(_connection));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM observations"));
    }

    [Fact]
    public void Migrating_again_changes_nothing()
    {
        Embedded().Migrate(_connection, TimeProvider.System);
        var rows = Scalar("SELECT count(*) FROM schema_version");

        var before = Embedded().Migrate(_connection, TimeProvider.System);

        Assert.Equal(Embedded().LatestVersion, before);
        Assert.Equal(rows, Scalar("SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public void A_database_newer_than_the_code_is_refused()
    {
        Embedded().Migrate(_connection, TimeProvider.System);
        Execute("INSERT INTO schema_version (version, name, applied_at) VALUES (42, '0042_future', 0)");

        var error = Assert.Throws<CollectorStartupException>(() => Embedded().Migrate(_connection, TimeProvider.System));

        Assert.Contains("schema version 42", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scripts_apply_in_order_and_a_failing_one_leaves_the_version_before_it()
    {
        var migrator = new SchemaMigrator(
        [
            new Migration(1, "0001_table", "CREATE TABLE t (a INTEGER)"),
            new Migration(2, "0002_row", "INSERT INTO t VALUES (2)"),
            new Migration(3, "0003_broken", "INSERT INTO t VALUES (3); INSERT INTO nowhere VALUES (1)"),
        ], NullLogger.Instance);

        Assert.Throws<SqliteException>(() => migrator.Migrate(_connection, TimeProvider.System));

        Assert.Equal(2, SchemaMigrator.CurrentVersion(_connection));
        Assert.Equal(2L, Scalar("SELECT sum(a) FROM t"));
    }

    [Fact]
    public void Migrations_out_of_order_are_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => new SchemaMigrator(
            [new Migration(2, "0002_b", "SELECT 1"), new Migration(1, "0001_a", "SELECT 1")], NullLogger.Instance));
    }

    private long Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
