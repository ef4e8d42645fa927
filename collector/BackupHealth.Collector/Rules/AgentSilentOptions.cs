using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary><c>Collector:Alerts:AgentSilentAfter</c>. The rule cannot be switched off: the witness must never go
/// quiet without saying so.</summary>
internal sealed class AgentSilentOptions
{
    public const string SectionName = "Collector:Alerts";
    public const string DefaultAgentSilentAfter = "00:05:00";

    /// <summary>An agent not connected and not heard from for longer than this is silent.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan AgentSilentAfter { get; set; } = TimeSpan.Parse(DefaultAgentSilentAfter, System.Globalization.CultureInfo.InvariantCulture);
}

[OptionsValidator]
internal sealed partial class AgentSilentOptionsValidator : IValidateOptions<AgentSilentOptions>
{
}
