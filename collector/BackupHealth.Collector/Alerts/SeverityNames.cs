using BackupHealth.Collector.Model;

namespace BackupHealth.Collector.Alerts;

/// <summary>The words stored (and shown by the API) for <see cref="AlertSeverity"/>.</summary>
internal static class SeverityNames
{
    public const string Warning = "warning";
    public const string Critical = "critical";

    public static string Of(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Warning => Warning,
        AlertSeverity.Critical => Critical,
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "unknown severity"),
    };

    public static AlertSeverity Parse(string name) => name switch
    {
        Warning => AlertSeverity.Warning,
        Critical => AlertSeverity.Critical,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown severity"),
    };

    public static bool IsKnown(string name) => name is Warning or Critical;
}
