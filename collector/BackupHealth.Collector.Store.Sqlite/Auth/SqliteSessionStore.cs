namespace BackupHealth.Collector.Store.Sqlite.Auth;

/// <summary>Table <c>sessions</c>. Reads use a pooled read-only connection; each write is one command through the
/// store's writer. Expired rows go when the next session is saved.</summary>
internal sealed class SqliteSessionStore(SqliteConnectionFactory connections, StoreWriter writer) : ISessionStore
{
    public async Task<byte[]?> FindAsync(string keyHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = SqlCommands.Command(connection, null, "SELECT ticket FROM sessions WHERE key_hash = $key AND expires > $now",
            ("$key", keyHash), ("$now", UnixMs.From(now)));
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public Task SaveAsync(StoredSession session, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        return writer.WriteAsync((c, t) =>
        {
            SqlCommands.Execute(c, t, "DELETE FROM sessions WHERE expires <= $now", ("$now", UnixMs.From(now)));
            return SqlCommands.Execute(c, t, """
                INSERT INTO sessions (key_hash, user_id, ticket, created, expires, address) VALUES ($key, $user, $ticket, $now, $expires, $address)
                ON CONFLICT (key_hash) DO UPDATE SET user_id = excluded.user_id, ticket = excluded.ticket, expires = excluded.expires,
                    address = coalesce(excluded.address, address)
                """, ("$key", session.KeyHash), ("$user", session.UserId), ("$ticket", session.Ticket.ToArray()), ("$now", UnixMs.From(now)),
                ("$expires", UnixMs.From(session.Expires)), ("$address", session.Address));
        });
    }

    public Task RemoveAsync(string keyHash) =>
        writer.WriteAsync((c, t) => SqlCommands.Execute(c, t, "DELETE FROM sessions WHERE key_hash = $key", ("$key", keyHash)));
}
