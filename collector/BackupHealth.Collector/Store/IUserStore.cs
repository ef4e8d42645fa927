using BackupHealth.Collector.Web.Auth;

namespace BackupHealth.Collector.Store;

/// <summary>The people who use the web pages, the customers each is limited to, and their API tokens (kept as
/// <see cref="TokenHash"/> only). The store keeps what it is given: names are checked, passwords hashed and stamps
/// made by <see cref="UserAccounts"/>. Each write is one unit of work, all of it done or none; a new password, or
/// disabling a user, ends the user's browser sessions and API tokens in that same unit, so no old session outlives
/// the change.</summary>
internal interface IUserStore
{
    Task<long> CountAsync(CancellationToken cancellationToken);

    Task<UserRecord?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>The user named exactly <paramref name="username"/>.</summary>
    Task<UserRecord?> FindAsync(string username, CancellationToken cancellationToken);

    /// <summary>Every user, by name.</summary>
    Task<IReadOnlyList<UserRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Every customer, by name ignoring case: what a user may be limited to.</summary>
    Task<IReadOnlyList<CustomerRef>> ListCustomersAsync(CancellationToken cancellationToken);

    /// <summary>The API token with this hash when it is not revoked and not expired at <paramref name="now"/>,
    /// whatever its user's state.</summary>
    Task<ApiTokenUse?> FindApiTokenAsync(string hash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Notes that the token with this hash was used at <paramref name="at"/>.</summary>
    Task MarkApiTokenUsedAsync(string hash, DateTimeOffset at);

    /// <summary>Notes a successful sign-in at <paramref name="at"/>, storing <paramref name="rehash"/> as the
    /// password hash when given.</summary>
    Task RecordSignInAsync(long id, string? rehash, DateTimeOffset at);

    /// <summary>Adds the user: <see cref="UserWriteStatus.NameTaken"/>, <see cref="UserWriteStatus.UnknownCustomer"/>
    /// (the first one not found), or done with the new id.</summary>
    Task<UserWrite> CreateAsync(NewUser user);

    /// <summary>Sets role, disabled flag, customers and stamp: not found, an unknown customer, or
    /// <see cref="UserWriteStatus.LastAdmin"/> (nothing changed) when afterwards no enabled admin would see every
    /// customer. Ends the user's sessions, and with <see cref="UserUpdate.Disabled"/> their API tokens.</summary>
    Task<UserWrite> UpdateAsync(long id, UserUpdate update);

    /// <summary>Stores a new password hash and stamp, and ends the user's sessions and API tokens; not found when there
    /// is no such user.</summary>
    Task<UserWrite> SetPasswordAsync(long id, PasswordUpdate update);

    /// <summary>As <see cref="SetPasswordAsync"/>, but only while the stored hash is still
    /// <paramref name="oldHash"/>: <see cref="UserWriteStatus.ChangedMeanwhile"/> (nothing changed) when it is not,
    /// or when the user is gone.</summary>
    Task<UserWrite> ReplacePasswordAsync(long id, string oldHash, PasswordUpdate update);

    /// <summary>Adds an API token to the user; not found when there is no such user.</summary>
    Task<UserWrite> AddApiTokenAsync(long userId, NewApiToken token);

    /// <summary>The user's API tokens, newest first, each by <see cref="UserAccounts.ApiTokenIdLength"/> first
    /// characters of its hash.</summary>
    Task<IReadOnlyList<ApiTokenRecord>> ListApiTokensAsync(long userId, CancellationToken cancellationToken);

    /// <summary>Revokes the user's token whose hash starts with <paramref name="id"/>; not found when the user has no
    /// such token that is not revoked yet.</summary>
    Task<UserWrite> RevokeApiTokenAsync(long userId, string id, DateTimeOffset at);
}

/// <summary>What a write to users and tokens came to, as a code: the words for people are
/// <see cref="UserAccounts"/>'s.</summary>
internal enum UserWriteStatus
{
    Done = 1,
    NotFound = 2,
    NameTaken = 3,
    UnknownCustomer = 4,
    LastAdmin = 5,
    ChangedMeanwhile = 6,
}

/// <summary>The outcome of a write: <see cref="Id"/> is the user's when done; <see cref="Customer"/> names the
/// customer that does not exist.</summary>
internal sealed record UserWrite(UserWriteStatus Status, long Id = 0, string? Customer = null)
{
    public static readonly UserWrite NotFound = new(UserWriteStatus.NotFound);
    public static readonly UserWrite NameTaken = new(UserWriteStatus.NameTaken);
    public static readonly UserWrite LastAdmin = new(UserWriteStatus.LastAdmin);
    public static readonly UserWrite ChangedMeanwhile = new(UserWriteStatus.ChangedMeanwhile);

    public static UserWrite Done(long id) => new(UserWriteStatus.Done, id);

    public static UserWrite UnknownCustomer(string name) => new(UserWriteStatus.UnknownCustomer, Customer: name);
}

/// <summary>A user to add, limited to <see cref="Customers"/> (none: every customer), made by <see cref="By"/> at
/// <see cref="At"/>.</summary>
internal sealed record NewUser(string Name, string PasswordHash, string Role, string Stamp, IReadOnlyCollection<string> Customers, string By,
    DateTimeOffset At);

/// <summary>A user's new role, state and limits (<see cref="Customers"/> empty: every customer), with the stamp that
/// ends their sessions; <see cref="At"/> is when their API tokens are revoked, if disabled.</summary>
internal sealed record UserUpdate(string Role, bool Disabled, IReadOnlyCollection<string> Customers, string Stamp, DateTimeOffset At);

/// <summary>A new password hash with the stamp that ends the user's sessions; <see cref="At"/> is when their API
/// tokens are revoked.</summary>
internal sealed record PasswordUpdate(string Hash, string Stamp, DateTimeOffset At);

/// <summary>An API token to keep, by its hash; <see cref="Expires"/> null: valid until revoked.</summary>
internal sealed record NewApiToken(string Hash, string Name, string Scope, DateTimeOffset CreatedAt, DateTimeOffset? Expires);

/// <summary>A valid API token as found: whose it is, when it was last used, and what it may do.</summary>
internal sealed record ApiTokenUse(long UserId, DateTimeOffset? LastUsed, string Scope);
