namespace BackupHealth.Collector.Dashboard.Overview;

/// <summary>An agent as the overview counts it: heard from, silent or never connected.</summary>
/// <param name="LastSeen">Its last heartbeat.</param>
/// <param name="Connected">It has a stream open now.</param>
internal sealed record AgentRow(long SiteId, string AgentKey, string HostName, DateTimeOffset LastSeen, bool Connected);
