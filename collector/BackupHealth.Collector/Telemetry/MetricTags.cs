namespace BackupHealth.Collector.Telemetry;

/// <summary>The label (attribute) names of the collector's metrics. Short, because Prometheus users type them; each
/// has a bounded set of values (the MSP's customers, sites, agents and jobs, fixed words for the rest).</summary>
internal static class MetricTags
{
    public const string Customer = "customer";
    public const string Site = "site";
    public const string Agent = "agent";
    /// <summary>Not <c>job</c>: Prometheus gives every scraped series its scrape job's name as <c>job</c> and would
    /// rename ours to <c>exported_job</c>.</summary>
    public const string JobKey = "job_key";
    public const string JobName = "job_name";
    public const string Status = "status";
    public const string Rule = "rule";
    public const string Severity = "severity";
    public const string Channel = "channel";
    public const string Outcome = "outcome";
}
