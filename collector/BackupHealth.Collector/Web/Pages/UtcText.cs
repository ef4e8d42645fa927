using System.Globalization;

namespace BackupHealth.Collector.Web.Pages;

/// <summary>How pages show times and sizes: UTC as <c>yyyy-MM-dd HH:mm UTC</c> (with the ISO value for a
/// <c>&lt;time datetime&gt;</c>), sizes in KiB/MiB/GiB.</summary>
internal static class UtcText
{
    public static string Show(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Show(DateTimeOffset time) => Show(time.UtcDateTime);

    public static string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset time) => Iso(time.UtcDateTime);

    /// <summary>The value of an <c>&lt;input type="datetime-local"&gt;</c>, read as UTC; null when it is not one.</summary>
    public static DateTimeOffset? ParseLocalInput(string? value) =>
        DateTime.TryParseExact(value?.Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc)
            ? new DateTimeOffset(utc, TimeSpan.Zero)
            : null;

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.0 'GiB'", CultureInfo.InvariantCulture),
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0 'MiB'", CultureInfo.InvariantCulture),
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0.0 'KiB'", CultureInfo.InvariantCulture),
        _ => bytes.ToString("0 'B'", CultureInfo.InvariantCulture),
    };
}
