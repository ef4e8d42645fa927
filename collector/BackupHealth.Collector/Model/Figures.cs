using System.Globalization;
using BackupHealth.Collector.Expectations;

namespace BackupHealth.Collector.Model;

/// <summary>How sizes, durations and ages read everywhere the collector writes them — alerts, e-mails, chat messages and
/// pages alike — independent of the machine's culture. A backup of 182 GB is "182.0 GB" in its alert, its e-mail and on
/// its job's page.</summary>
internal static class Figures
{
    private static readonly string[] SizeUnits = ["B", "kB", "MB", "GB", "TB", "PB"];

    /// <summary>Decimal units with one decimal, as backup products show them: "512 B", "1.5 kB", "182.0 GB", so the
    /// sizes of a job's runs line up in a table and a small change still shows.</summary>
    public static string Size(long bytes)
    {
        double scaled = bytes;
        var unit = 0;
        while (Math.Abs(scaled) >= 1000 && unit < SizeUnits.Length - 1)
        {
            scaled /= 1000;
            unit++;
        }

        return scaled.ToString(unit == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + " " + SizeUnits[unit];
    }

    /// <summary>Whole days, hours and minutes, the largest two: "12 min", "1 d 4 h"; seconds only below a minute.</summary>
    public static string Duration(TimeSpan value) => DurationText.Format(value);

    /// <summary>"just now" below a minute, else the <see cref="Duration"/> since: "3 h ago", "1 d 6 h ago"; "—" when
    /// never.</summary>
    public static string Ago(DateTimeOffset? time, DateTimeOffset now) => time is not { } t ? "—"
        : now - t < TimeSpan.FromMinutes(1) ? "just now"
        : Duration(now - t) + " ago";
}
