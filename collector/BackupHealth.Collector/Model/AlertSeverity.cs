namespace BackupHealth.Collector.Model;

/// <summary>How serious a finding, and so its alert, is.</summary>
internal enum AlertSeverity
{
    Warning = 1,
    Critical = 2,
}
