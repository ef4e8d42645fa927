namespace BackupHealth.Collector.Web.Auth;

internal enum ChangeStatus
{
    Done,
    NotFound,
    Invalid,
    RolledBack,
}

/// <summary>What a change to users or tokens came to; <see cref="Problem"/> is for people.</summary>
internal sealed record UserChange(ChangeStatus Status, long Id, string? Problem)
{
    public static readonly UserChange NotFound = new(ChangeStatus.NotFound, 0, "not found");

    public static UserChange Done(long id) => new(ChangeStatus.Done, id, null);

    public static UserChange Invalid(string? problem) => new(ChangeStatus.Invalid, 0, problem);

    /// <summary>Refused after the change was tried: the transaction is rolled back.</summary>
    public static UserChange Rollback(string problem) => new(ChangeStatus.RolledBack, 0, problem);
}

/// <summary>An API token as listed: never the token, only the first characters of its hash as its id.</summary>
internal sealed record ApiTokenRecord(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsed, DateTimeOffset? Revoked,
    string Scope, DateTimeOffset? Expires);

/// <summary>The outcome of a sign-in attempt;
/// <see cref="Reason"/> says why it failed, for the audit log only: the page gives one answer for every failure.</summary>
internal sealed record SignInResult(UserRecord? User, DateTimeOffset? LockedUntil, string Reason = "")
{
    public const string UnknownUser = "unknown user";
    public const string WrongPassword = "wrong password";
    public const string Disabled = "user disabled";
    public const string LockedOut = "locked out";
    public const string NoHashingSlot = "no password-hashing slot free";

    /// <summary>Every password-hashing slot was busy and the queue full: nothing was checked (the page answers 503).</summary>
    public static readonly SignInResult Busy = new(null, null, NoHashingSlot);

    public bool Success => User is not null;

    public static SignInResult Succeeded(UserRecord user) => new(user, null);

    public static SignInResult Failed(string reason) => new(null, null, reason);

    public static SignInResult Locked(DateTimeOffset until) => new(null, until, LockedOut);
}
