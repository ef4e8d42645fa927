using System.Globalization;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Model;

namespace BackupHealth.Collector.Rules;

/// <summary>How figures read in titles and details: the same everywhere, independent of the machine's culture.</summary>
internal static class RuleText
{
    public static string Time(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan value) => Figures.Duration(value);

    public static string Percent(double ratio) => (ratio * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string Quote(string message) => string.IsNullOrWhiteSpace(message) ? "(no message)" : message.Trim();

    /// <summary>"; file backups/db01.xva" naming what the run wrote, or "" when it is not known.</summary>
    public static string File(string? location) => string.IsNullOrWhiteSpace(location) ? "" : $"; file {location.Trim()}";
}
