namespace BackupHealth.Collector.Store;

/// <summary>An enrolment as one unit of work: find the usable token, check the agent holds no live certificate, count
/// the token's use and record the certificate issued, all or nothing. Two enrolments with a one-use token cannot both
/// succeed, and a refused enrolment leaves the token's uses as they were.</summary>
internal interface IEnrolmentStore
{
    /// <summary>Enrols agent <see cref="EnrolmentAttempt.AgentKey"/> with the token whose secret hashes to
    /// <see cref="EnrolmentAttempt.SecretHash"/>. <paramref name="issue"/> is called inside the unit of work, only when
    /// the token is usable and the agent has no live certificate, with the token's site and id; it issues the
    /// certificate the store then records.</summary>
    Task<EnrolmentResult> EnrolAsync(EnrolmentAttempt attempt, Func<SiteIdentity, long, NewAgentCertificate> issue);
}

/// <summary>An enrolment to try at <see cref="At"/>. A certificate counts as live until <see cref="Grace"/> after
/// it expired (it could still be renewed).</summary>
internal sealed record EnrolmentAttempt(string SecretHash, string AgentKey, DateTimeOffset At, TimeSpan Grace);

/// <summary>What <see cref="IEnrolmentStore.EnrolAsync"/> found. <see cref="TokenId"/> is 0 only for
/// <see cref="EnrolmentOutcome.UnknownToken"/>; <see cref="Site"/> is set for <see cref="EnrolmentOutcome.Enrolled"/>
/// and <see cref="EnrolmentOutcome.AgentHoldsCertificate"/>, when <see cref="LiveIssued"/> is the live certificate's
/// issue time.</summary>
internal sealed record EnrolmentResult(EnrolmentOutcome Outcome, long TokenId, SiteIdentity? Site = null, DateTime? LiveIssued = null);

/// <summary>How an enrolment ended; every outcome but <see cref="Enrolled"/> changed nothing.</summary>
internal enum EnrolmentOutcome
{
    Enrolled = 1,
    UnknownToken = 2,
    TokenRevoked = 3,
    TokenExpired = 4,
    TokenUsedUp = 5,

    /// <summary>The agent id already holds a live certificate of the token's site: a second host or a reinstall; the
    /// token keeps its use.</summary>
    AgentHoldsCertificate = 6,
}
