using System.ComponentModel.DataAnnotations;
using BackupHealth.Agent.Probes.Shared.Http;

namespace BackupHealth.Agent.Probes.Unitrends;

// The source-generated validator replaces these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>A <c>unitrends</c> probe: one Unitrends appliance's REST API.</summary>
internal sealed class UnitrendsProbeOptions : ApiProbeOptions
{
    public const int DefaultPageSize = 500;
    public const int DefaultLookbackDays = 7;

    /// <summary>Rows asked for per history request (the appliance may ignore it; see README).</summary>
    [Range(1, 100_000)]
    public int PageSize { get; set; } = DefaultPageSize;

    /// <summary>How far back the first run reads history; later runs read from what they last saw.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(DefaultLookbackDays);

    /// <summary>Time zone of history times the appliance gives only as text without an offset (when the epoch
    /// <c>sort_start_time</c> is missing): a system time zone id such as <c>Europe/Berlin</c>. Empty = UTC.</summary>
    public string TimeZone { get; set; } = "";

    /// <summary>The appliance, e.g. <c>https://ueb01.example.local/</c>; <c>api/...</c> is appended.</summary>
    protected override string UrlRequirement => "must be an absolute https URL of the appliance, e.g. https://ueb01/";

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (!string.IsNullOrEmpty(TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"'{TimeZone}' is not a time zone known to this system (e.g. Europe/Berlin)", [nameof(TimeZone)]);
        }
    }

    public TimeZoneInfo ApplianceTimeZone() =>
        string.IsNullOrEmpty(TimeZone) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
