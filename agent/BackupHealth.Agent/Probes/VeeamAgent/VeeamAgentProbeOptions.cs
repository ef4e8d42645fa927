using System.ComponentModel.DataAnnotations;

namespace BackupHealth.Agent.Probes.VeeamAgent;

// The source-generated validator replaces these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>A <c>veeam-agent</c> probe: Veeam Agent for Linux through <c>veeamconfig session list</c>.</summary>
internal sealed class VeeamAgentProbeOptions : ProbeOptions
{
    public const string DefaultExecutable = "veeamconfig";
    public const int DefaultTimeoutSeconds = 120;
    public const int DefaultLookbackDays = 7;

    /// <summary>A program name found on PATH, or an absolute path.</summary>
    [Required]
    public string Executable { get; set; } = DefaultExecutable;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(DefaultTimeoutSeconds);

    /// <summary>Sessions that ended longer ago than this are not reported.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(DefaultLookbackDays);

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (Executable.IndexOfAny(['/', '\\']) >= 0 && !Path.IsPathFullyQualified(Executable))
        {
            yield return new ValidationResult("must be a program name found on PATH or an absolute path", [nameof(Executable)]);
        }
    }
}
