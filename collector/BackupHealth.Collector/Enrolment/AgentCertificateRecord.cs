namespace BackupHealth.Collector.Enrolment;

/// <summary>What the collector issued to an agent, as the stream check reads it.</summary>
internal sealed record AgentCertificateRecord(
    string Serial, long SiteId, string Customer, string Site, string AgentKey, DateTime NotAfter, DateTime? FirstUsed, DateTime? Replaced, DateTime? Revoked);

/// <summary>An agent's newest certificate as the Agents page shows it, and how often (last when) a second host tried to
/// enrol under its id.</summary>
internal sealed record AgentCertificateState(DateTime NotAfter, DateTime? Revoked, int DuplicateAttempts, DateTime? LastDuplicateAttempt);
