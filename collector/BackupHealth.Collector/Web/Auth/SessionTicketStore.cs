using System.Buffers.Text;
using System.Security.Cryptography;
using BackupHealth.Collector.Store;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>Browser sessions on the server (<see cref="ISessionStore"/>), as the cookie handler's <see cref="ITicketStore"/>:
/// the cookie carries only a random key, the sign-in itself stays here. Signing out removes the session, so a copy of
/// the cookie taken before is worth nothing after; a new password or disabling the user removes all of theirs
/// (<see cref="UserAccounts"/>). Expired sessions go when the next one is saved.</summary>
internal sealed class SessionTicketStore(ISessionStore sessions, TimeProvider time) : ITicketStore
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

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken) =>
        await sessions.FindAsync(TokenHash.Of(key), time.GetUtcNow(), cancellationToken) is { } ticket ? TicketSerializer.Default.Deserialize(ticket) : null;

    public Task RemoveAsync(string key) => sessions.RemoveAsync(TokenHash.Of(key));

    /// <summary>Stores the ticket under the key, replacing what the key held: a renewed session, or the session that
    /// changed its own password (which removed every session of its user) carrying on.</summary>
    private Task SaveAsync(string key, AuthenticationTicket ticket, string? address)
    {
        var user = UserAccess.Of(ticket.Principal) ?? throw new InvalidOperationException("a session needs a signed-in user");
        var now = time.GetUtcNow();
        var expires = ticket.Properties.ExpiresUtc ?? now;
        return sessions.SaveAsync(new StoredSession(TokenHash.Of(key), user.UserId, TicketSerializer.Default.Serialize(ticket), expires, address), now);
    }
}
