namespace BackupHealth.Collector.Rules;

/// <summary><c>Collector:Alerts:Rules:VerificationFailed</c>.</summary>
internal sealed class VerificationFailedOptions
{
    public const string SectionName = "Collector:Alerts:Rules:VerificationFailed";

    public bool Enabled { get; set; } = true;
}
