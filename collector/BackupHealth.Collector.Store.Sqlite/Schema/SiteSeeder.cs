using BackupHealth.Collector.Hosting;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Schema;

/// <summary>Makes the customers, sites and agent tokens in the database match configuration: adds what is new,
/// moves a token to the site it is now listed under, and revokes tokens no longer listed, so removing a token from
/// the configuration locks its agents out at the next start. Tokens people created in the agents page are theirs to
/// revoke and are left alone while their site is configured; removing the site revokes them too.</summary>
internal static class SiteSeeder
{
    public static SeedResult Seed(SqliteConnection connection, IReadOnlyList<SiteOptions> sites, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(sites);
        var nowMs = UnixMs.From(now);
        using var transaction = connection.BeginTransaction();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var configuredSites = new List<long>();
        foreach (var site in sites)
        {
            var customerId = Scalar(connection, transaction,
                "INSERT INTO customers (name) VALUES ($p1) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id",
                site.Customer.Trim());
            var siteId = Scalar(connection, transaction,
                "INSERT INTO sites (customer_id, name) VALUES ($p1, $p2) ON CONFLICT (customer_id, name) DO UPDATE SET name = excluded.name RETURNING id",
                customerId, site.Site.Trim());
            configuredSites.Add(siteId);
            foreach (var token in site.AgentTokens)
            {
                var hash = TokenHash.Of(token);
                listed.Add(hash);
                Execute(connection, transaction, """
                    INSERT INTO agent_tokens (token_hash, site_id, created, revoked) VALUES ($p1, $p2, $p3, NULL)
                    ON CONFLICT (token_hash) DO UPDATE SET site_id = excluded.site_id, revoked = NULL, source = 'config'
                    """, hash, siteId, nowMs);
            }
        }

        var revoked = 0;
        foreach (var hash in ActiveTokenHashes(connection, transaction).Where(h => !listed.Contains(h)))
        {
            revoked += Execute(connection, transaction, "UPDATE agent_tokens SET revoked = $p1 WHERE token_hash = $p2", nowMs, hash);
        }

        // A site removed from configuration locks out its agents, also those installed with tokens made on the agents page.
        revoked += Execute(connection, transaction, $"""
            UPDATE agent_tokens SET revoked = $p1
            WHERE revoked IS NULL AND source = 'web' AND site_id NOT IN ({string.Join(',', configuredSites.Prepend(-1))})
            """, nowMs);

        transaction.Commit();
        return new SeedResult(sites.Count, listed.Count, revoked);
    }

    private static List<string> ActiveTokenHashes(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT token_hash FROM agent_tokens WHERE revoked IS NULL AND source = 'config'";
        using var reader = command.ExecuteReader();
        var hashes = new List<string>();
        while (reader.Read())
        {
            hashes.Add(reader.GetString(0));
        }

        return hashes;
    }

    private static long Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql, params object[] values)
    {
        using var command = Command(connection, transaction, sql, values);
        return (long)command.ExecuteScalar()!;
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params object[] values)
    {
        using var command = Command(connection, transaction, sql, values);
        return command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, object[] values)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue($"$p{i + 1}", values[i]);
        }

        return command;
    }
}

internal sealed record SeedResult(int Sites, int Tokens, int Revoked);
