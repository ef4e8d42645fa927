using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Connections;

namespace BackupHealth.Collector.Tests.Architecture;

/// <summary>The collector's SQL lives in BackupHealth.Collector.Store.Sqlite (issue 19); the rooms and the program see
/// only the interfaces of <c>Store/</c>, so a second backend (PostgreSQL) is one more project beside it.</summary>
public sealed class StoreSeamTests
{
    /// <summary>The client libraries of the databases the collector may be backed by.</summary>
    private static readonly string[] DatabaseClients = ["Microsoft.Data.Sqlite", "SQLitePCLRaw", "Npgsql"];

    [Fact]
    public void The_rooms_do_not_reference_a_database_client()
    {
        var references = typeof(StoreBackend).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name ?? "")
            .Where(name => DatabaseClients.Any(client => name.StartsWith(client, StringComparison.Ordinal)))
            .ToList();

        Assert.True(references.Count == 0, "BackupHealth.Collector references " + string.Join(", ", references)
            + "; put the code that needs it behind a Store/ interface implemented in BackupHealth.Collector.Store.Sqlite");
    }

    [Fact]
    public void No_type_outside_the_store_project_uses_the_database_client()
    {
        var users = DatabaseTypeUse.UsersIn(typeof(StoreBackend).Assembly)
            .Concat(DatabaseTypeUse.UsersIn(typeof(Host.ShippedStores).Assembly))
            .ToList();

        Assert.True(users.Count == 0,
            "These collector types use SQLite directly; put their SQL behind a Store/ interface implemented in "
            + "BackupHealth.Collector.Store.Sqlite: " + string.Join(", ", users));
    }

    [Fact]
    public void The_check_sees_a_database_type_in_a_signature_a_field_and_a_local()
    {
        var users = DatabaseTypeUse.UsersIn(typeof(StoreSeamTests).Assembly);

        Assert.Contains(typeof(UsesTheDatabaseInALocal).FullName!, users);
        Assert.Contains(typeof(UsesThePlumbingInAField).FullName!, users);
        Assert.Contains(typeof(UsesTheDatabaseInALambda).FullName!, users);
        Assert.DoesNotContain(typeof(StoreSeamTests).FullName!, users);
        Assert.DoesNotContain(typeof(DatabaseTypeUse).FullName!, users);
    }
}

// Samples for the check itself: each uses the database in one way.
internal sealed class UsesTheDatabaseInALocal
{
    public static int Count()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        return connection.ConnectionString.Length;
    }
}

internal sealed class UsesThePlumbingInAField(SqliteConnectionFactory? connections)
{
    public SqliteConnectionFactory? Connections { get; } = connections;
}

internal sealed class UsesTheDatabaseInALambda
{
    public static Func<int> Count() => () =>
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        return connection.ConnectionString.Length;
    };
}
