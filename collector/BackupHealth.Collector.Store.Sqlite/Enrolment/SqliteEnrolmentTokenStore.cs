using BackupHealth.Collector.Enrolment;

namespace BackupHealth.Collector.Store.Sqlite.Enrolment;

/// <summary>Table <c>enrolment_tokens</c>. Writes are rare and tiny: each is one transaction on a connection of its
/// own; the change feed hears of it after the commit.</summary>
internal sealed class SqliteEnrolmentTokenStore(SqliteConnectionFactory connections, StoreWriter writer, ChangeFeed? changes = null) : IEnrolmentTokenStore
{
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

    public async Task<long?> AddAsync(NewEnrolmentToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var (id, scope) = await writer.WriteAsync((c, t) =>
        {
            using var insert = SqlCommands.Command(c, t, """
                INSERT INTO enrolment_tokens (site_id, secret_hash, name, created_by, created, expires, max_uses)
                SELECT id, $hash, $name, $by, $now, $expires, $uses FROM sites WHERE id = $site
                RETURNING id
                """, ("$hash", token.SecretHash), ("$name", token.Name), ("$by", token.CreatedBy), ("$now", UnixMs.From(token.Created)),
                ("$expires", UnixMs.From(token.Expires)), ("$uses", token.MaxUses), ("$site", token.SiteId));
            return (insert.ExecuteScalar() is long made ? made : (long?)null, ChangeScopes.OfSite(c, t, token.SiteId));
        });
        if (id is not null)
        {
            changes?.Publish(scope);
        }

        return id;
    }

    public async Task<bool> RevokeAsync(long id, DateTimeOffset at)
    {
        var (done, scope) = await writer.WriteAsync((c, t) => (SqlCommands.Execute(c, t,
            "UPDATE enrolment_tokens SET revoked = $now WHERE id = $id AND revoked IS NULL", ("$now", UnixMs.From(at)), ("$id", id)) == 1,
            ChangeScopes.OfQuery(c, t, "SELECT c.name FROM enrolment_tokens e JOIN sites s ON s.id = e.site_id JOIN customers c ON c.id = s.customer_id WHERE e.id = $id",
                ("$id", id))));
        if (done)
        {
            changes?.Publish(scope);
        }

        return done;
    }
}
