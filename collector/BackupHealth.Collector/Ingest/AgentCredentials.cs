using BackupHealth.Collector.Enrolment;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Ingest;

/// <summary>Who a stream belongs to: the site, and the agent's certificate when it presented one (then the agent id is
/// the certificate's, whatever the Hello says); null with a site token.</summary>
internal sealed record AgentCredentials(SiteIdentity Site, AgentCertificateRecord? Certificate);
