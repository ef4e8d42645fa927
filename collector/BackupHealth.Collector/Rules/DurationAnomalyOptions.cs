using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary><c>Collector:Alerts:Rules:DurationAnomaly</c>: percentages of the median duration of the job's previous
/// completed runs.</summary>
internal sealed class DurationAnomalyOptions
{
    public const string SectionName = "Collector:Alerts:Rules:DurationAnomaly";
    public const int DefaultMinHistory = 5;
    public const int DefaultBelowPercent = 20;
    public const int DefaultAbovePercent = 300;
    public const string DefaultMinMedian = "00:01:00";

    /// <summary>How many previous runs are compared with (the newest of them).</summary>
    public const int HistoryRuns = 30;

    public bool Enabled { get; set; } = true;

    /// <summary>Previous runs with a known duration needed before the rule judges.</summary>
    [Range(2, HistoryRuns)]
    public int MinHistory { get; set; } = DefaultMinHistory;

    /// <summary>Fires when the newest run took less than this percentage of the median (it did much less work).</summary>
    [Range(1, 99)]
    public int BelowPercent { get; set; } = DefaultBelowPercent;

    /// <summary>Fires when the newest run took more than this percentage of the median.</summary>
    [Range(101, 100_000)]
    public int AbovePercent { get; set; } = DefaultAbovePercent;

    /// <summary>Jobs whose usual run is shorter than this are not judged: seconds more or less mean nothing.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MinMedian { get; set; } = TimeSpan.Parse(DefaultMinMedian, System.Globalization.CultureInfo.InvariantCulture);
}

[OptionsValidator]
internal sealed partial class DurationAnomalyOptionsValidator : IValidateOptions<DurationAnomalyOptions>
{
}
