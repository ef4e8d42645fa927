using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary><c>Collector:Alerts:Rules:ProbeStalled</c>.</summary>
internal sealed class ProbeStalledOptions
{
    public const string SectionName = "Collector:Alerts:Rules:ProbeStalled";
    public const int DefaultIntervals = 3;

    public bool Enabled { get; set; } = true;

    /// <summary>A probe's own intervals without a run before it is an alert; a run may take longer than one interval
    /// and the jitter adds to the wait, so two would alarm on a slow night.</summary>
    [Range(2, 1000)]
    public int Intervals { get; set; } = DefaultIntervals;
}

[OptionsValidator]
internal sealed partial class ProbeStalledOptionsValidator : IValidateOptions<ProbeStalledOptions>
{
}
