using System.Buffers.Text;
using System.Security.Cryptography;
using BackupHealth.Collector.Store;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Agents;

/// <summary>Site agent tokens people create and revoke in the agents page, beside those from <c>Collector:Sites</c>.
/// Only <see cref="TokenHash"/> of a token is kept; a created token is handed back once. Revoking sets
/// <c>revoked</c>, which <see cref="Ingest.AgentAuthenticator"/> checks at every connect, so the agent is refused at
/// its next connection. Configuration tokens are the configuration's (<see cref="SiteSeeder"/>) and are not revoked
/// here.</summary>
internal sealed class AgentTokenStore(SqliteConnectionFactory connections, TimeProvider time, ChangeFeed? changes = null)
{
    public const string ConfigSource = "config";
    public const string WebSource = "web";
    public const string TokenPrefix = "bha_";
    public const int MaxNameLength = 100;
    public const int IdLength = 12;
    private const int HintLength = 8;

    /// <summary>Every token of every site, by customer, site, then newest first.</summary>
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
            tokens.Add(new AgentTokenRecord(r.GetString(0)[..IdLength], r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4),
                Text(r, 5), Text(r, 6), Text(r, 7), UnixMs.ToUtc(r.GetInt64(8)), r.IsDBNull(9) ? null : UnixMs.ToUtc(r.GetInt64(9))));
        }

        return tokens;
    }

    /// <summary>A new token for <paramref name="siteId"/>, returned once in the change.</summary>
    public Task<AgentTokenChange> CreateAsync(long siteId, string? name, string by)
    {
        var label = name?.Trim() ?? "";
        if (CheckName(label) is { } problem)
        {
            return Task.FromResult(AgentTokenChange.Invalid(problem));
        }

        var token = TokenPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var hash = TokenHash.Of(token);
        return WriteAsync(siteId, (c, t) => SqlCommands.Execute(c, t, """
            INSERT INTO agent_tokens (token_hash, site_id, created, revoked, source, name, created_by, hint)
            SELECT $hash, id, $now, NULL, 'web', $name, $by, $hint FROM sites WHERE id = $site
            """, ("$hash", hash), ("$now", Now()), ("$name", label), ("$by", by), ("$hint", token[..HintLength]), ("$site", siteId)) == 1
            ? new AgentTokenChange(AgentTokenChangeStatus.Done, Id: hash[..IdLength], Token: token)
            : AgentTokenChange.NotFound);
    }

    /// <summary>Revokes the token of <paramref name="siteId"/> whose id (hash start) is <paramref name="id"/>.</summary>
    public Task<AgentTokenChange> RevokeAsync(long siteId, string? id) => WriteAsync(siteId, (c, t) =>
    {
        if (id is not { Length: IdLength })
        {
            return AgentTokenChange.NotFound;
        }

        if (Find(c, t, siteId, id) is not (var source, var revoked))
        {
            return AgentTokenChange.NotFound;
        }

        if (source == ConfigSource)
        {
            return new AgentTokenChange(AgentTokenChangeStatus.FromConfiguration,
                "this token comes from the collector's configuration (Collector:Sites): remove it there and restart the collector to revoke it");
        }

        if (revoked)
        {
            return AgentTokenChange.Invalid("this token is already revoked");
        }

        SqlCommands.Execute(c, t, "UPDATE agent_tokens SET revoked = $now WHERE site_id = $site AND substr(token_hash, 1, $length) = $id",
            ("$now", Now()), ("$site", siteId), ("$length", IdLength), ("$id", id));
        return new AgentTokenChange(AgentTokenChangeStatus.Done, Id: id);
    });

    private static (string Source, bool Revoked)? Find(SqliteConnection c, SqliteTransaction t, long siteId, string id)
    {
        using var find = SqlCommands.Command(c, t, "SELECT source, revoked IS NOT NULL FROM agent_tokens WHERE site_id = $site AND substr(token_hash, 1, $length) = $id",
            ("$site", siteId), ("$length", IdLength), ("$id", id));
        using var r = find.ExecuteReader();
        return r.Read() ? (r.GetString(0), r.GetInt64(1) != 0) : null;
    }

    public static string? CheckName(string name) =>
        name.Length == 0 ? "a token name is required (e.g. the host the agent goes on)"
        : name.Length > MaxNameLength ? $"a token name has at most {MaxNameLength} characters"
        : name.Any(char.IsControl) ? "a token name cannot contain control characters"
        : null;

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<AgentTokenChange> WriteAsync(long siteId, Func<SqliteConnection, SqliteTransaction, AgentTokenChange> work)
    {
        var (result, scope) = await SqlCommands.WriteAsync(connections, (c, t) => (work(c, t), ChangeScope.OfSite(c, t, siteId)));
        if (result.Status == AgentTokenChangeStatus.Done)
        {
            changes?.Publish(scope);
        }

        return result;
    }

    private static string? Text(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}
