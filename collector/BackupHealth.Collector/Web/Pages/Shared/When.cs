using System.Globalization;

namespace BackupHealth.Collector.Web.Pages;

/// <summary>Times as the pages show them: UTC, to the minute, with the exact instant in the <c>datetime</c>
/// attribute of the surrounding <c>&lt;time&gt;</c>.</summary>
internal static class When
{
    public static string Utc(DateTime time) => AsUtc(time).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Utc(DateTimeOffset time) => Utc(time.UtcDateTime);

    public static string Iso(DateTime time) => AsUtc(time).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset time) => Iso(time.UtcDateTime);

    // The store's times are UTC; one that lost its kind on the way is still UTC, never the server's local time.
    private static DateTime AsUtc(DateTime time) =>
        time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);
}
