using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using BackupHealth.Collector.Store;
using Microsoft.AspNetCore.Identity;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>Users, their customer limits and their API tokens: the rules (names, passwords, roles), password hashing,
/// the making of tokens and stamps, and the words people read about a change. What is kept is the
/// <see cref="IUserStore"/>'s; a new password, or disabling a user, ends the user's sessions and API tokens in the same
/// unit of work there.</summary>
internal sealed class UserAccounts(IUserStore store, TimeProvider time)
{
    public const int MinPasswordLength = PasswordRules.MinLength;
    public const int MaxNameLength = 100;
    public const string ApiTokenPrefix = "bhu_";

    /// <summary>How many first characters of a token's hash are its id in lists, the audit log and revoke forms.</summary>
    public const int ApiTokenIdLength = 12;

    /// <summary>A token is marked used at most this often, so reading the API does not turn into a write per request.</summary>
    private static readonly TimeSpan MarkUsedEvery = TimeSpan.FromMinutes(1);

    private static readonly PasswordHasher<UserRecord> Hasher = new();

    public Task<long> CountAsync(CancellationToken cancellationToken) => store.CountAsync(cancellationToken);

    public Task<UserRecord?> FindAsync(long id, CancellationToken cancellationToken) => store.FindAsync(id, cancellationToken);

    public Task<UserRecord?> FindAsync(string username, CancellationToken cancellationToken) => store.FindAsync(username.Trim(), cancellationToken);

    public Task<IReadOnlyList<UserRecord>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    /// <summary>The user an API token belongs to and the token's scope, when the token is known, not revoked, not
    /// expired and its user not disabled. Marks the token used (at most once a minute, so reading the API does not
    /// turn into a write per request).</summary>
    public async Task<(UserRecord User, string Scope)?> FindByApiTokenAsync(string token, CancellationToken cancellationToken)
    {
        var hash = TokenHash.Of(token);
        var now = Now();
        if (await store.FindApiTokenAsync(hash, now, cancellationToken) is not { } found)
        {
            return null;
        }

        if (found.LastUsed is not { } lastUsed || now - lastUsed > MarkUsedEvery)
        {
            await store.MarkApiTokenUsedAsync(hash, now);
        }

        var user = await store.FindAsync(found.UserId, cancellationToken);
        return user is { Disabled: false } ? (user, found.Scope) : null;
    }

    /// <summary>Checks <paramref name="password"/> against <paramref name="user"/>'s hash: PBKDF2, tens of
    /// milliseconds of one core, so callers run it on a hashing slot. The password is hashed also when the user does
    /// not exist, so both answers take as long. Right only for an enabled user; <c>Rehash</c> is the hash to store when
    /// the stored one uses older parameters.</summary>
    public static (bool Right, string? Rehash) Verify(UserRecord? user, string password)
    {
        var verdict = Hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? DummyHash.Value, password);
        var right = user is { Disabled: false } && verdict != PasswordVerificationResult.Failed;
        return (right, right && verdict == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(user!, password) : null);
    }

    /// <summary>Notes a successful sign-in (and stores a rehashed password).</summary>
    public Task RecordSignInAsync(long id, string? rehash) => store.RecordSignInAsync(id, rehash, Now());

    public async Task<UserChange> CreateAsync(string username, string password, string role, IReadOnlyCollection<string> customers, string by)
    {
        var name = username.Trim();
        if ((CheckName(name) ?? CheckPassword(password) ?? CheckRole(role)) is { } problem)
        {
            return UserChange.Invalid(problem);
        }

        var stub = new UserRecord(0, name, "", role, false, "", time.GetUtcNow(), by, null, []);
        var write = await store.CreateAsync(new NewUser(name, Hasher.HashPassword(stub, password), role, NewStamp(), CustomerNames(customers), by, Now()));
        return Said(write, name);
    }

    /// <summary>Changes role, limits and the disabled flag; every session of the user ends (new stamp).</summary>
    public async Task<UserChange> UpdateAsync(long id, string role, bool disabled, IReadOnlyCollection<string> customers)
    {
        if (CheckRole(role) is { } problem)
        {
            return UserChange.Invalid(problem);
        }

        return Said(await store.UpdateAsync(id, new UserUpdate(role, disabled, CustomerNames(customers), NewStamp(), Now())));
    }

    /// <summary>Sets a new password; every session and API token of the user ends.</summary>
    public async Task<UserChange> SetPasswordAsync(long id, string password)
    {
        if (CheckPassword(password) is { } problem)
        {
            return UserChange.Invalid(problem);
        }

        var stub = new UserRecord(id, "", "", Roles.Viewer, false, "", default, "", null, []);
        return Said(await store.SetPasswordAsync(id, new PasswordUpdate(Hasher.HashPassword(stub, password), NewStamp(), Now())));
    }

    /// <summary>A person changing their own password: only with the current one. A wrong current password changes
    /// nothing (and is not counted towards the sign-in lock-out: the person already holds a session). Every session and
    /// API token of the user ends; the caller issues the session that made the change again.</summary>
    public async Task<UserChange> ChangePasswordAsync(long id, string currentPassword, string newPassword)
    {
        var user = await store.FindAsync(id, CancellationToken.None);
        if (user is null)
        {
            return UserChange.NotFound;
        }

        if (Hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            return UserChange.Invalid("the current password is wrong");
        }

        if (string.Equals(currentPassword, newPassword, StringComparison.Ordinal))
        {
            return UserChange.Invalid("the new password must differ from the current one");
        }

        if (CheckPassword(newPassword) is { } problem)
        {
            return UserChange.Invalid(problem);
        }

        // The hash read above must still be the stored one: a password set in between (by an admin) wins.
        return Said(await store.ReplacePasswordAsync(id, user.PasswordHash,
            new PasswordUpdate(Hasher.HashPassword(user, newPassword), NewStamp(), Now())));
    }

    /// <summary>Every customer, by name: what a user may be limited to.</summary>
    public Task<IReadOnlyList<CustomerRef>> ListCustomersAsync(CancellationToken cancellationToken) => store.ListCustomersAsync(cancellationToken);

    /// <summary>A new API token for the user, <paramref name="scope"/> <see cref="ApiTokenScopes.Read"/> or
    /// <see cref="ApiTokenScopes.ReadWrite"/>, valid for <paramref name="validFor"/> (null: until revoked); the token is
    /// returned once and only its hash is kept.</summary>
    public async Task<(UserChange Change, string? Token)> CreateApiTokenAsync(long userId, string name, string scope = ApiTokenScopes.ReadWrite,
        TimeSpan? validFor = null)
    {
        var label = name.Trim();
        var problem = CheckName(label)?.Replace("user name", "token name", StringComparison.Ordinal) ?? ApiTokenScopes.Problem(scope)
            ?? (validFor is { } span && (span <= TimeSpan.Zero || span > ApiTokenScopes.MaxLifetime)
                ? $"a token is valid for at most {ApiTokenScopes.MaxLifetime.Days} days" : null);
        if (problem is not null)
        {
            return (UserChange.Invalid(problem), null);
        }

        var token = ApiTokenPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = Now();
        var change = Said(await store.AddApiTokenAsync(userId, new NewApiToken(TokenHash.Of(token), label, scope, now, now + validFor)));
        return (change, change.Status == ChangeStatus.Done ? token : null);
    }

    public Task<IReadOnlyList<ApiTokenRecord>> ListApiTokensAsync(long userId, CancellationToken cancellationToken) =>
        store.ListApiTokensAsync(userId, cancellationToken);

    /// <summary>Revokes the user's token whose hash starts with <paramref name="id"/> (the id shown in lists).</summary>
    public async Task<UserChange> RevokeApiTokenAsync(long userId, string id) =>
        id.Length == ApiTokenIdLength ? Said(await store.RevokeApiTokenAsync(userId, id, Now())) : UserChange.NotFound;

    public static string? CheckName(string name) =>
        name.Length == 0 ? "a user name is required"
        : name.Length > MaxNameLength ? $"a user name has at most {MaxNameLength} characters"
        : name.Any(char.IsControl) ? "a user name cannot contain control characters"
        : null;

    public static string? CheckPassword(string? password) => PasswordRules.Problem(password);

    private static string? CheckRole(string role) =>
        Roles.IsKnown(role) ? null : $"role must be one of {string.Join(", ", Roles.All)}";

    /// <summary>The customers a user is limited to, as typed: trimmed, blanks and repeats left out.</summary>
    private static List<string> CustomerNames(IReadOnlyCollection<string> customers) =>
        customers.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The words people read for what the store did; <paramref name="name"/> is the name a new user was
    /// to have.</summary>
    private static UserChange Said(UserWrite write, string? name = null) => write.Status switch
    {
        UserWriteStatus.Done => UserChange.Done(write.Id),
        UserWriteStatus.NotFound => UserChange.NotFound,
        UserWriteStatus.NameTaken => UserChange.Invalid($"a user named '{name}' already exists"),
        UserWriteStatus.UnknownCustomer => UserChange.Invalid($"there is no customer '{write.Customer}'"),
        UserWriteStatus.LastAdmin => UserChange.Rollback("the last enabled admin who sees every customer cannot be disabled, limited or given another role"),
        UserWriteStatus.ChangedMeanwhile => UserChange.Invalid("the password was changed meanwhile; sign in again"),
        _ => throw new InvalidOperationException($"no words for {write.Status}"),
    };

    /// <summary>Now to the millisecond, the grain the store keeps: a token's last use read back compares with it as
    /// it did when it was written.</summary>
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());

    private static string NewStamp() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>A hash to verify against when the user does not exist, so both cases take as long.</summary>
    private static readonly Lazy<string> DummyHash = new(() =>
        Hasher.HashPassword(null!, Convert.ToString(RandomNumberGenerator.GetInt32(int.MaxValue), CultureInfo.InvariantCulture)));
}
