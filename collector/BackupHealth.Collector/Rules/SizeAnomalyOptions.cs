using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary><c>Collector:Alerts:Rules:SizeAnomaly</c>: percentages of the median size of the job's previous
/// completed runs.</summary>
internal sealed class SizeAnomalyOptions
{
    public const string SectionName = "Collector:Alerts:Rules:SizeAnomaly";
    public const int DefaultMinHistory = 5;
    public const int DefaultBelowPercent = 50;
    public const int DefaultAbovePercent = 200;

    /// <summary>How many previous runs are compared with (the newest of them).</summary>
    public const int HistoryRuns = 30;

    public bool Enabled { get; set; } = true;

    /// <summary>Previous runs with a known size needed before the rule judges.</summary>
    [Range(2, HistoryRuns)]
    public int MinHistory { get; set; } = DefaultMinHistory;

    /// <summary>Fires when the newest run is smaller than this percentage of the median (a backup that shrank).</summary>
    [Range(1, 99)]
    public int BelowPercent { get; set; } = DefaultBelowPercent;

    /// <summary>Fires when the newest run is larger than this percentage of the median.</summary>
    [Range(101, 100_000)]
    public int AbovePercent { get; set; } = DefaultAbovePercent;
}

[OptionsValidator]
internal sealed partial class SizeAnomalyOptionsValidator : IValidateOptions<SizeAnomalyOptions>
{
}
