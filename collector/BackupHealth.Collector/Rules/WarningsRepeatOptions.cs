using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary><c>Collector:Alerts:Rules:WarningsRepeat</c>.</summary>
internal sealed class WarningsRepeatOptions
{
    public const string SectionName = "Collector:Alerts:Rules:WarningsRepeat";
    public const int DefaultCount = 3;

    public bool Enabled { get; set; } = true;

    /// <summary>How many newest finished runs in a row must be warnings.</summary>
    [Range(1, 100)]
    public int Count { get; set; } = DefaultCount;
}

[OptionsValidator]
internal sealed partial class WarningsRepeatOptionsValidator : IValidateOptions<WarningsRepeatOptions>
{
}
