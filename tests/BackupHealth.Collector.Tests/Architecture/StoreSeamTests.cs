using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Tests.Architecture;

/// <summary>The collector's SQL lives in BackupHealth.Collector.Store.Sqlite (issue 19); the rooms see only the
/// interfaces of <c>Store/</c>. While the move is under way, the rooms not yet moved are listed here: the list may only
/// shrink, and a type that stops using the database must leave it.</summary>
public sealed class StoreSeamTests
{
    /// <summary>Types of BackupHealth.Collector that still use SQLite themselves, each to move into the store project.</summary>
    private static readonly string[] StillToMove =
    [
        "BackupHealth.Collector.Store.SqlCommands",
        "BackupHealth.Collector.Store.SqliteConnectionFactory",
    ];

    [Fact]
    public void Only_the_rooms_still_to_move_use_the_database_client_outside_the_store_project()
    {
        var users = DatabaseTypeUse.UsersIn(typeof(StoreBackend).Assembly);

        var newUsers = users.Except(StillToMove).ToList();
        Assert.True(newUsers.Count == 0,
            "These collector types use SQLite directly; put their SQL behind a Store/ interface implemented in "
            + "BackupHealth.Collector.Store.Sqlite: " + string.Join(", ", newUsers));
        var moved = StillToMove.Except(users).ToList();
        Assert.True(moved.Count == 0, "No longer use SQLite; take them off StillToMove: " + string.Join(", ", moved));
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
