using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Enrolment;

/// <summary>An enrolment in one write transaction (SQLite's write lock is taken at its start, so a second enrolment
/// with the same token waits and then sees the first one's use): find the usable token, check the agent's live
/// certificate, count the use and record the certificate.</summary>
internal sealed class SqliteEnrolmentStore(StoreWriter writer) : IEnrolmentStore
{
    public Task<EnrolmentResult> EnrolAsync(EnrolmentAttempt attempt, Func<SiteIdentity, long, NewAgentCertificate> issue)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(issue);
        return writer.WriteAsync((c, t) =>
        {
            var now = UnixMs.From(attempt.At);
            var found = FindToken(c, t, attempt.SecretHash, now);
            if (found.Outcome != EnrolmentOutcome.Enrolled)
            {
                return found;
            }

            var site = found.Site!;
            if (SqliteAgentCertificateStore.LiveIssued(c, t, site.SiteId, attempt.AgentKey, now, attempt.Grace) is { } issued)
            {
                return found with { Outcome = EnrolmentOutcome.AgentHoldsCertificate, LiveIssued = issued };
            }

            SqlCommands.Execute(c, t, "UPDATE enrolment_tokens SET uses = uses + 1, last_used = $now WHERE id = $id", ("$now", now), ("$id", found.TokenId));
            SqliteAgentCertificateStore.Insert(c, t, issue(site, found.TokenId));
            return found;
        });
    }

    /// <summary>The token whose secret hashes to <paramref name="secretHash"/> with its site (outcome
    /// <see cref="EnrolmentOutcome.Enrolled"/> when it is usable), or why it cannot be used.</summary>
    private static EnrolmentResult FindToken(SqliteConnection c, SqliteTransaction t, string secretHash, long now)
    {
        using var find = SqlCommands.Command(c, t, """
            SELECT e.id, e.site_id, cu.name, s.name, e.revoked IS NOT NULL, e.expires <= $now, e.uses >= e.max_uses
            FROM enrolment_tokens e JOIN sites s ON s.id = e.site_id JOIN customers cu ON cu.id = s.customer_id
            WHERE e.secret_hash = $hash
            """, ("$hash", secretHash), ("$now", now));
        using var r = find.ExecuteReader();
        if (!r.Read())
        {
            return new EnrolmentResult(EnrolmentOutcome.UnknownToken, 0);
        }

        var outcome = r.GetBoolean(4) ? EnrolmentOutcome.TokenRevoked
            : r.GetBoolean(5) ? EnrolmentOutcome.TokenExpired
            : r.GetBoolean(6) ? EnrolmentOutcome.TokenUsedUp
            : EnrolmentOutcome.Enrolled;
        return outcome == EnrolmentOutcome.Enrolled
            ? new EnrolmentResult(outcome, r.GetInt64(0), new SiteIdentity(r.GetInt64(1), r.GetString(2), r.GetString(3)))
            : new EnrolmentResult(outcome, r.GetInt64(0));
    }
}
