namespace BackupHealth.Collector.Model;

/// <summary>The agents whose observations ingest is refusing over their quota, as the <c>agent_flooding</c> rule asks
/// for them. Kept in memory by ingest's observation quota, not in the store.</summary>
internal interface IFloodWatch
{
    /// <summary>The agents refused within <c>Collector:Limits:FloodingQuietPeriod</c> before <paramref name="now"/>.</summary>
    IReadOnlyDictionary<(long SiteId, string AgentId), FloodingAgent> Flooding(DateTimeOffset now);
}
