namespace BackupHealth.Collector.Rules;

/// <summary><c>Collector:Alerts:Rules:JobDisappeared</c>.</summary>
internal sealed class JobDisappearedOptions
{
    public const string SectionName = "Collector:Alerts:Rules:JobDisappeared";

    public bool Enabled { get; set; } = true;
}
