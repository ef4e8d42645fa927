namespace BackupHealth.Collector.Rules;

/// <summary><c>Collector:Alerts:Rules:JobFailed</c>.</summary>
internal sealed class JobFailedOptions
{
    public const string SectionName = "Collector:Alerts:Rules:JobFailed";

    public bool Enabled { get; set; } = true;
}
