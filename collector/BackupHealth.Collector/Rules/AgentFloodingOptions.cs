namespace BackupHealth.Collector.Rules;

/// <summary><c>Collector:Alerts:Rules:AgentFlooding</c>. The quotas it reports on and how long it takes to clear are
/// limits (<c>Collector:Limits:ObservationsPerAgentPerMinute</c>, <c>…PerDay</c>, <c>FloodingQuietPeriod</c>).</summary>
internal sealed class AgentFloodingOptions
{
    public const string SectionName = "Collector:Alerts:Rules:AgentFlooding";

    public bool Enabled { get; set; } = true;
}
