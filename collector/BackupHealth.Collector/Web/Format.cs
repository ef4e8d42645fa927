using System.Globalization;
using BackupHealth.Collector.Dashboard.Grid;
using BackupHealth.Collector.Health;
using BackupHealth.Collector.Model;

namespace BackupHealth.Collector.Web;

/// <summary>How the pages write times, sizes and states: one way everywhere.</summary>
internal static class Format
{
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "—";

    /// <summary>The store's times are UTC; one that lost its kind on the way is still UTC, never the server's local time.</summary>
    public static string Time(DateTime time) => Time(new DateTimeOffset(AsUtc(time)));

    /// <summary>For the <c>datetime</c> attribute of <c>&lt;time&gt;</c>.</summary>
    public static string Iso(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";

    public static string Iso(DateTime time) => Iso(new DateTimeOffset(AsUtc(time)));

    /// <summary>The value of an <c>&lt;input type="datetime-local"&gt;</c>, read as UTC; null when it is not one.</summary>
    public static DateTimeOffset? ParseLocalInput(string? value) =>
        DateTime.TryParseExact(value?.Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc)
            ? new DateTimeOffset(utc, TimeSpan.Zero)
            : null;

    private static DateTime AsUtc(DateTime time) =>
        time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);

    public static string Name(SiteHealth health) => health.ToString().ToLowerInvariant();

    public static string Name(JobHealthState health) => Api.JobHealth.Name(health);

    public static string Name(DayOutcome outcome) => outcome switch
    {
        DayOutcome.NothingExpected => "nothing",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    /// <summary>The letter in a grid cell, so the grid reads without colour too.</summary>
    public static string Letter(DayOutcome outcome) => outcome switch
    {
        DayOutcome.Success => "✓",
        DayOutcome.Warning => "!",
        DayOutcome.Failed => "✗",
        DayOutcome.Missed => "M",
        DayOutcome.Running => "R",
        DayOutcome.Pending => "…",
        _ => "·",
    };

    public static string Label(DayOutcome outcome) => outcome switch
    {
        DayOutcome.NothingExpected => "nothing expected",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
