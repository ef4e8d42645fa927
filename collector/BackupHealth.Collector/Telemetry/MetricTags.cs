namespace BackupHealth.Collector.Telemetry;

/// <summary>The label (attribute) names of the collector's metrics. Short, because Prometheus users type them; each
/// has a bounded set of values (the MSP's customers, sites, agents and jobs, fixed words for the rest).</summary>
internal static class MetricTags
{
    public const string Customer = "customer";
    public const string Site = "site";
    public const string Agent = "agent";
    public const string Job = "job";
    public const string JobName = "job_name";
    public const string Status = "status";
    public const string Rule = "rule";
    public const string Severity = "severity";
    public const string Channel = "channel";
    public const string Outcome = "outcome";
}
