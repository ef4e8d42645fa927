using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Expectations;

/// <summary>The expectation of a job that has neither a setting nor enough history: <c>Collector:Alerts:DefaultInterval</c>
/// and <c>Collector:Alerts:DefaultGrace</c>. The grace is also used when a person sets an expectation without one.</summary>
internal sealed class ExpectationOptions
{
    public const string SectionName = "Collector:Alerts";
    public const string DefaultDefaultInterval = "1.00:00:00";
    public const string DefaultDefaultGrace = "02:00:00";

    [Range(typeof(TimeSpan), "00:01:00", "366.00:00:00")]
    public TimeSpan DefaultInterval { get; set; } = TimeSpan.Parse(DefaultDefaultInterval, CultureInfo.InvariantCulture);

    [Range(typeof(TimeSpan), "00:00:00", "31.00:00:00")]
    public TimeSpan DefaultGrace { get; set; } = TimeSpan.Parse(DefaultDefaultGrace, CultureInfo.InvariantCulture);
}

[OptionsValidator]
internal sealed partial class ExpectationOptionsValidator : IValidateOptions<ExpectationOptions>
{
}
