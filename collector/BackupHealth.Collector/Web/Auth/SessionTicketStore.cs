using System.Buffers.Text;
using System.Security.Cryptography;
using BackupHealth.Collector.Store;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>Browser sessions on the server (table <c>sessions</c>), as the cookie handler's <see cref="ITicketStore"/>:
/// the cookie carries only a random key, the sign-in itself stays here. Signing out deletes the row, so a copy of the
/// cookie taken before is worth nothing after; a new password or disabling the user deletes all their rows
/// (<see cref="UserStore"/>). Expired rows go when the next session is made.</summary>
internal sealed class SessionTicketStore(SqliteConnectionFactory connections, TimeProvider time) : ITicketStore
{
    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, null!, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await SaveAsync(key, ticket, httpContext is null ? null : Audit.HttpAudit.Address(httpContext));
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => SaveAsync(key, ticket, null);

    public Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken) =>
        SaveAsync(key, ticket, httpContext is null ? null : Audit.HttpAudit.Address(httpContext));

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, null!, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT ticket FROM sessions WHERE key_hash = $key AND expires > $now";
        command.Parameters.AddWithValue("$key", TokenHash.Of(key));
        command.Parameters.AddWithValue("$now", UnixMs.From(time.GetUtcNow()));
        return await command.ExecuteScalarAsync(cancellationToken) is byte[] ticket ? TicketSerializer.Default.Deserialize(ticket) : null;
    }

    public Task RemoveAsync(string key) =>
        SqlCommands.WriteAsync(connections, (c, t) => SqlCommands.Execute(c, t, "DELETE FROM sessions WHERE key_hash = $key", ("$key", TokenHash.Of(key))));

    /// <summary>Stores the ticket under the key, replacing what the key held: a renewed session, or the session that
    /// changed its own password (which deleted every row of its user) carrying on.</summary>
    private Task<int> SaveAsync(string key, AuthenticationTicket ticket, string? address)
    {
        var user = UserAccess.Of(ticket.Principal) ?? throw new InvalidOperationException("a session needs a signed-in user");
        var now = UnixMs.From(time.GetUtcNow());
        var expires = ticket.Properties.ExpiresUtc is { } end ? UnixMs.From(end) : now;
        return SqlCommands.WriteAsync(connections, (c, t) =>
        {
            SqlCommands.Execute(c, t, "DELETE FROM sessions WHERE expires <= $now", ("$now", now));
            return SqlCommands.Execute(c, t, """
                INSERT INTO sessions (key_hash, user_id, ticket, created, expires, address) VALUES ($key, $user, $ticket, $now, $expires, $address)
                ON CONFLICT (key_hash) DO UPDATE SET user_id = excluded.user_id, ticket = excluded.ticket, expires = excluded.expires,
                    address = coalesce(excluded.address, address)
                """, ("$key", TokenHash.Of(key)), ("$user", user.UserId), ("$ticket", TicketSerializer.Default.Serialize(ticket)), ("$now", now),
                ("$expires", expires), ("$address", address));
        });
    }
}
