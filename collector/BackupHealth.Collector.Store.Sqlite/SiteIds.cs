using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite;

/// <summary>Finds a site by the names people use for it, inside a write, for the commands that take names.</summary>
internal static class SiteIds
{
    /// <summary>The id of site <paramref name="site"/> of customer <paramref name="customer"/>, or null.</summary>
    public static long? Find(SqliteConnection c, SqliteTransaction t, string customer, string site)
    {
        using var find = SqlCommands.Command(c, t, """
            SELECT s.id FROM sites s JOIN customers c ON c.id = s.customer_id WHERE c.name = $customer AND s.name = $site
            """, ("$customer", customer), ("$site", site));
        return find.ExecuteScalar() as long?;
    }
}
