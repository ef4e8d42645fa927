using System.Globalization;
using BackupHealth.Collector.Expectations;

namespace BackupHealth.Collector.Rules;

/// <summary>How figures read in titles and details: the same everywhere, independent of the machine's culture.</summary>
internal static class RuleText
{
    public static string Time(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan value) => DurationText.Format(value);

    /// <summary>Decimal units as backup products show them: "182 GB".</summary>
    public static string Bytes(long value)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB", "PB"];
        double scaled = value;
        var unit = 0;
        while (Math.Abs(scaled) >= 1000 && unit < units.Length - 1)
        {
            scaled /= 1000;
            unit++;
        }

        var format = unit == 0 || scaled >= 100 ? "0" : "0.#";
        return scaled.ToString(format, CultureInfo.InvariantCulture) + " " + units[unit];
    }

    public static string Percent(double ratio) => (ratio * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string Quote(string message) => string.IsNullOrWhiteSpace(message) ? "(no message)" : message.Trim();

    /// <summary>"; file backups/db01.xva" naming what the run wrote, or "" when it is not known.</summary>
    public static string File(string? location) => string.IsNullOrWhiteSpace(location) ? "" : $"; file {location.Trim()}";
}
