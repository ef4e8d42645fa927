namespace BackupHealth.Collector.Enrolment;

/// <summary>What the collector issued to an agent, as the stream check reads it.</summary>
internal sealed record AgentCertificateRecord(
    string Serial, long SiteId, string Customer, string Site, string AgentKey, DateTime NotAfter, DateTime? FirstUsed, DateTime? Replaced, DateTime? Revoked);
