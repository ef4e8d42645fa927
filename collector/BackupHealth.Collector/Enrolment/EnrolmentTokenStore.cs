using BackupHealth.Collector.Store;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Enrolment;

/// <summary>Enrolment tokens: made for a site by an admin or technician, listed with who made them and how often they
/// were used, revoked. Only the SHA-256 of a token's secret is stored.</summary>
internal sealed class EnrolmentTokenStore(SqliteConnectionFactory connections, TimeProvider time, ChangeFeed? changes = null)
{
    public const int MaxNameLength = 100;

    public async Task<IReadOnlyList<EnrolmentTokenRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT t.id, t.site_id, c.name, s.name, t.name, t.created_by, t.created, t.expires, t.max_uses, t.uses, t.last_used, t.revoked
            FROM enrolment_tokens t JOIN sites s ON s.id = t.site_id JOIN customers c ON c.id = s.customer_id
            ORDER BY t.created DESC, t.id DESC
            """;
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        var tokens = new List<EnrolmentTokenRecord>();
        while (await r.ReadAsync(cancellationToken))
        {
            tokens.Add(new EnrolmentTokenRecord(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
                UnixMs.ToUtc(r.GetInt64(6)), UnixMs.ToUtc(r.GetInt64(7)), r.GetInt32(8), r.GetInt32(9),
                r.IsDBNull(10) ? null : UnixMs.ToUtc(r.GetInt64(10)), r.IsDBNull(11) ? null : UnixMs.ToUtc(r.GetInt64(11))));
        }

        return tokens;
    }

    /// <summary>A new token for <paramref name="siteId"/>; its text is in the result only. Null when the site does not exist.</summary>
    public async Task<CreatedEnrolmentToken?> CreateAsync(long siteId, string name, string by, TimeSpan lifetime, int maxUses, Uri url, string? pin)
    {
        var secret = EnrolmentTokenText.NewSecret();
        var now = time.GetUtcNow();
        var expires = now + lifetime;
        var (id, scope) = await SqlCommands.WriteAsync(connections, (c, t) =>
        {
            using var insert = SqlCommands.Command(c, t, """
                INSERT INTO enrolment_tokens (site_id, secret_hash, name, created_by, created, expires, max_uses)
                SELECT id, $hash, $name, $by, $now, $expires, $uses FROM sites WHERE id = $site
                RETURNING id
                """, ("$hash", TokenHash.Of(secret)), ("$name", name), ("$by", by), ("$now", now.ToUnixTimeMilliseconds()),
                ("$expires", expires.ToUnixTimeMilliseconds()), ("$uses", maxUses), ("$site", siteId));
            return (insert.ExecuteScalar() is long made ? made : (long?)null, ChangeScope.OfSite(c, t, siteId));
        });
        if (id is null)
        {
            return null;
        }

        changes?.Publish(scope);
        return new CreatedEnrolmentToken(id.Value, EnrolmentTokenText.Format(url, pin, secret), expires, maxUses);
    }

    /// <summary>Revokes token <paramref name="id"/>; false when there is no such token or it was already revoked.</summary>
    public async Task<bool> RevokeAsync(long id)
    {
        var (done, scope) = await SqlCommands.WriteAsync(connections, (c, t) => (SqlCommands.Execute(c, t,
            "UPDATE enrolment_tokens SET revoked = $now WHERE id = $id AND revoked IS NULL",
            ("$now", time.GetUtcNow().ToUnixTimeMilliseconds()), ("$id", id)) == 1,
            ChangeScope.OfQuery(c, t, "SELECT c.name FROM enrolment_tokens e JOIN sites s ON s.id = e.site_id JOIN customers c ON c.id = s.customer_id WHERE e.id = $id",
                ("$id", id))));
        if (done)
        {
            changes?.Publish(scope);
        }

        return done;
    }

    public static string? CheckName(string name) =>
        name.Length == 0 ? "a name is required (e.g. the host the agent goes on)"
        : name.Length > MaxNameLength ? $"a name has at most {MaxNameLength} characters"
        : name.Any(char.IsControl) ? "a name cannot contain control characters"
        : null;

    /// <summary>Inside an enrolment's transaction: the usable token whose secret hashes to <paramref name="secretHash"/>,
    /// with its site, or why there is none.</summary>
    internal static (long TokenId, SiteIdentity Site)? FindUsable(SqliteConnection c, SqliteTransaction t, string secretHash, long now, out string problem)
    {
        using var find = SqlCommands.Command(c, t, """
            SELECT e.id, e.site_id, cu.name, s.name, e.revoked IS NOT NULL, e.expires <= $now, e.uses >= e.max_uses
            FROM enrolment_tokens e JOIN sites s ON s.id = e.site_id JOIN customers cu ON cu.id = s.customer_id
            WHERE e.secret_hash = $hash
            """, ("$hash", secretHash), ("$now", now));
        using var r = find.ExecuteReader();
        if (!r.Read())
        {
            problem = "unknown enrolment token";
            return null;
        }

        problem = r.GetBoolean(4) ? $"enrolment token {r.GetInt64(0)} is revoked"
            : r.GetBoolean(5) ? $"enrolment token {r.GetInt64(0)} has expired"
            : r.GetBoolean(6) ? $"enrolment token {r.GetInt64(0)} is used up"
            : "";
        if (problem.Length > 0)
        {
            return null;
        }

        return (r.GetInt64(0), new SiteIdentity(r.GetInt64(1), r.GetString(2), r.GetString(3)));
    }

    /// <summary>Inside an enrolment's transaction: counts one use of token <paramref name="id"/>.</summary>
    internal static void RecordUse(SqliteConnection c, SqliteTransaction t, long id, long now) =>
        SqlCommands.Execute(c, t, "UPDATE enrolment_tokens SET uses = uses + 1, last_used = $now WHERE id = $id", ("$now", now), ("$id", id));
}
