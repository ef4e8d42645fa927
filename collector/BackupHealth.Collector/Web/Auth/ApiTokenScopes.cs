namespace BackupHealth.Collector.Web.Auth;

/// <summary>What an API token may do. <see cref="Read"/>: only GET and HEAD (everything else answers 403, whatever the
/// user's role), for monitoring and reports. <see cref="ReadWrite"/>: whatever its user may.</summary>
internal static class ApiTokenScopes
{
    public const string Read = "read";
    public const string ReadWrite = "read-write";

    /// <summary>The claim that carries a token's scope on a request it authenticated.</summary>
    public const string Claim = "bh:api-token-scope";

    /// <summary>The longest a token with an expiry may be valid.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(3650);

    public static string? Problem(string? scope) =>
        scope is Read or ReadWrite ? null : $"scope must be {Read} or {ReadWrite}";
}
