namespace BackupHealth.Collector.Rules;

/// <summary><c>Collector:Alerts:Rules:JobDisabled</c>.</summary>
internal sealed class JobDisabledOptions
{
    public const string SectionName = "Collector:Alerts:Rules:JobDisabled";

    public bool Enabled { get; set; } = true;
}
