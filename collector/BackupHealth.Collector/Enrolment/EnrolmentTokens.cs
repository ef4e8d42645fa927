using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Enrolment;

/// <summary>Enrolment tokens: made for a site by an admin or technician, listed with who made them and how often they
/// were used, revoked. The secret is made here and shown once; the store keeps only its <see cref="TokenHash"/>.</summary>
internal sealed class EnrolmentTokens(IEnrolmentTokenStore store, TimeProvider time)
{
    public const int MaxNameLength = 100;

    /// <summary>Every token of every site, newest first.</summary>
    public Task<IReadOnlyList<EnrolmentTokenRecord>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    /// <summary>A new token for <paramref name="siteId"/>; its text is in the result only. Null when the site does not exist.</summary>
    public async Task<CreatedEnrolmentToken?> CreateAsync(long siteId, string name, string by, TimeSpan lifetime, int maxUses, Uri url, string? pin)
    {
        var secret = EnrolmentTokenText.NewSecret();
        var now = time.GetUtcNow();
        var expires = now + lifetime;
        var id = await store.AddAsync(new NewEnrolmentToken(siteId, TokenHash.Of(secret), name, by, now, expires, maxUses));
        return id is null ? null : new CreatedEnrolmentToken(id.Value, EnrolmentTokenText.Format(url, pin, secret), expires, maxUses);
    }

    /// <summary>Revokes token <paramref name="id"/>; false when there is no such token or it was already revoked.</summary>
    public Task<bool> RevokeAsync(long id) => store.RevokeAsync(id, time.GetUtcNow());

    public static string? CheckName(string name) =>
        name.Length == 0 ? "a name is required (e.g. the host the agent goes on)"
        : name.Length > MaxNameLength ? $"a name has at most {MaxNameLength} characters"
        : name.Any(char.IsControl) ? "a name cannot contain control characters"
        : null;

    /// <summary>Why an enrolment with token <paramref name="tokenId"/> was refused, as the log and the audit say it;
    /// null when <paramref name="outcome"/> is not a refusal of the token.</summary>
    public static string? Refusal(EnrolmentOutcome outcome, long tokenId) => outcome switch
    {
        EnrolmentOutcome.UnknownToken => "unknown enrolment token",
        EnrolmentOutcome.TokenRevoked => $"enrolment token {tokenId} is revoked",
        EnrolmentOutcome.TokenExpired => $"enrolment token {tokenId} has expired",
        EnrolmentOutcome.TokenUsedUp => $"enrolment token {tokenId} is used up",
        _ => null,
    };
}
