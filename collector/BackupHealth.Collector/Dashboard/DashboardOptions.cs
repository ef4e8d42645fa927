using System.ComponentModel.DataAnnotations;
using TimeZoneConverter;

namespace BackupHealth.Collector.Dashboard;

/// <summary>The <c>Collector:Dashboard</c> configuration section.</summary>
internal sealed class DashboardOptions
{
    public const string SectionName = "Collector:Dashboard";
    public const string DefaultTimeZone = "UTC";

    /// <summary>The time zone whose calendar days the status grid shows: an IANA id (Europe/Amsterdam) or a Windows
    /// id (W. Europe Standard Time), on any OS.</summary>
    [Required(AllowEmptyStrings = false)]
    public string TimeZone { get; set; } = DefaultTimeZone;

    /// <summary>The zone named by <see cref="TimeZone"/>; only call on validated options.</summary>
    public TimeZoneInfo Zone() => TZConvert.GetTimeZoneInfo(TimeZone.Trim());
}
