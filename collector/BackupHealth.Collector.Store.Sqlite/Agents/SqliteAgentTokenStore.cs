using BackupHealth.Collector.Agents;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Agents;

/// <summary>Table <c>agent_tokens</c>. Writes are rare and tiny: each is one command through the store's writer.</summary>
internal sealed class SqliteAgentTokenStore(SqliteConnectionFactory connections, StoreWriter writer, ChangeFeed? changes = null) : IAgentTokenStore
{
    public async Task<IReadOnlyList<AgentTokenRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT t.token_hash, t.site_id, c.name, s.name, t.source, t.name, t.created_by, t.hint, t.created, t.revoked
            FROM agent_tokens t JOIN sites s ON s.id = t.site_id JOIN customers c ON c.id = s.customer_id
            ORDER BY c.name, s.name, t.created DESC, t.token_hash
            """;
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        var tokens = new List<AgentTokenRecord>();
        while (await r.ReadAsync(cancellationToken))
        {
            tokens.Add(new AgentTokenRecord(r.GetString(0)[..AgentTokens.IdLength], r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4),
                Text(r, 5), Text(r, 6), Text(r, 7), UnixMs.ToUtc(r.GetInt64(8)), r.IsDBNull(9) ? null : UnixMs.ToUtc(r.GetInt64(9))));
        }

        return tokens;
    }

    public Task<bool> AddAsync(long siteId, string hash, string name, string by, string hint, DateTimeOffset at) =>
        WriteAsync(siteId, (c, t) => SqlCommands.Execute(c, t, """
            INSERT INTO agent_tokens (token_hash, site_id, created, revoked, source, name, created_by, hint)
            SELECT $hash, id, $now, NULL, 'web', $name, $by, $hint FROM sites WHERE id = $site
            """, ("$hash", hash), ("$now", UnixMs.From(at)), ("$name", name), ("$by", by), ("$hint", hint), ("$site", siteId)) == 1,
            done => done);

    public Task<AgentTokenRevocation> RevokeAsync(long siteId, string id, DateTimeOffset at) => WriteAsync(siteId, (c, t) =>
    {
        using var find = SqlCommands.Command(c, t, "SELECT source, revoked IS NOT NULL FROM agent_tokens WHERE site_id = $site AND substr(token_hash, 1, $length) = $id",
            ("$site", siteId), ("$length", id.Length), ("$id", id));
        using (var r = find.ExecuteReader())
        {
            if (!r.Read())
            {
                return AgentTokenRevocation.NotFound;
            }

            if (r.GetString(0) == AgentTokens.ConfigSource)
            {
                return AgentTokenRevocation.FromConfiguration;
            }

            if (r.GetInt64(1) != 0)
            {
                return AgentTokenRevocation.AlreadyRevoked;
            }
        }

        SqlCommands.Execute(c, t, "UPDATE agent_tokens SET revoked = $now WHERE site_id = $site AND substr(token_hash, 1, $length) = $id",
            ("$now", UnixMs.From(at)), ("$site", siteId), ("$length", id.Length), ("$id", id));
        return AgentTokenRevocation.Revoked;
    }, revocation => revocation == AgentTokenRevocation.Revoked);

    private async Task<T> WriteAsync<T>(long siteId, Func<SqliteConnection, SqliteTransaction, T> work, Func<T, bool> changed)
    {
        var (result, scope) = await writer.WriteAsync((c, t) => (work(c, t), ChangeScopes.OfSite(c, t, siteId)));
        if (changed(result))
        {
            changes?.Publish(scope);
        }

        return result;
    }

    private static string? Text(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}
