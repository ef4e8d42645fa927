using BackupHealth.Collector.Enrolment;

namespace BackupHealth.Collector.Store;

/// <summary>The enrolment tokens of each site, kept as <see cref="TokenHash"/> of their secret only. Making and
/// revoking a token tells the live pages of the site's customer.</summary>
internal interface IEnrolmentTokenStore
{
    /// <summary>Every token of every site, newest first.</summary>
    Task<IReadOnlyList<EnrolmentTokenRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Adds a token; its id, or null when there is no site <see cref="NewEnrolmentToken.SiteId"/>.</summary>
    Task<long?> AddAsync(NewEnrolmentToken token);

    /// <summary>Revokes token <paramref name="id"/> at <paramref name="at"/>; false when there is no such token or it
    /// was already revoked (one unit of work, so two revokes cannot both succeed).</summary>
    Task<bool> RevokeAsync(long id, DateTimeOffset at);
}

/// <summary>A token to add: the hash of its secret, never the secret, and how often until when it may be used.</summary>
internal sealed record NewEnrolmentToken(long SiteId, string SecretHash, string Name, string CreatedBy, DateTimeOffset Created, DateTimeOffset Expires, int MaxUses);
