using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Connections;

/// <summary>Finds, inside a write transaction, whose a change is (<see cref="ChangeScope"/>): the customer a site,
/// silence, alert or token belongs to.</summary>
internal static class ChangeScopes
{
    /// <summary>Inside a transaction: the scope of site <paramref name="siteId"/>'s customer.</summary>
    public static ChangeScope OfSite(SqliteConnection c, SqliteTransaction t, long siteId) => OfQuery(c, t,
        "SELECT c.name FROM sites s JOIN customers c ON c.id = s.customer_id WHERE s.id = $site", ("$site", siteId));

    /// <summary>Inside a transaction: the scope of the customer <paramref name="sql"/> names (its first column), or
    /// <see cref="ChangeScope.Unlimited"/> when it finds none.</summary>
    public static ChangeScope OfQuery(SqliteConnection c, SqliteTransaction t, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = SqlCommands.Command(c, t, sql, parameters);
        return ChangeScope.OfOptional(command.ExecuteScalar() as string);
    }
}
