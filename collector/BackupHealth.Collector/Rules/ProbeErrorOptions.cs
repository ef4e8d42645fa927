using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary><c>Collector:Alerts:Rules:ProbeError</c>.</summary>
internal sealed class ProbeErrorOptions
{
    public const string SectionName = "Collector:Alerts:Rules:ProbeError";
    public const int DefaultFailures = 3;

    public bool Enabled { get; set; } = true;

    /// <summary>Failed probe cycles in a row before it is an alert; one failure is often a passing network blip.</summary>
    [Range(1, 1000)]
    public int Failures { get; set; } = DefaultFailures;
}

[OptionsValidator]
internal sealed partial class ProbeErrorOptionsValidator : IValidateOptions<ProbeErrorOptions>
{
}
