namespace BackupHealth.Collector.Rules;

/// <summary><c>Collector:Alerts:Rules:JobMissed</c>. The expectation itself (default interval and grace) is under
/// <c>Collector:Alerts</c>; see ExpectationOptions.</summary>
internal sealed class JobMissedOptions
{
    public const string SectionName = "Collector:Alerts:Rules:JobMissed";

    public bool Enabled { get; set; } = true;
}
