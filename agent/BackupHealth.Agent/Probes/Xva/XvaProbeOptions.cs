using System.ComponentModel.DataAnnotations;
using BackupHealth.Contracts;

namespace BackupHealth.Agent.Probes.Xva;

// The source-generated validator replaces these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>An <c>xva</c> probe: a folder of <c>xe vm-export</c> files, each verified end to end once.</summary>
internal sealed class XvaProbeOptions : ProbeOptions
{
    public const string DefaultPattern = "**/*.xva";
    public const int DefaultSettleMinutes = 2;
    public const int DefaultLookbackDays = 7;
    public const int DefaultMaxConcurrent = 1;

    /// <summary>The folder exports are written to; must be absolute.</summary>
    [Required]
    public string Path { get; set; } = "";

    /// <summary>Glob relative to <see cref="Path"/>.</summary>
    [Required]
    public string Pattern { get; set; } = DefaultPattern;

    /// <summary>A file modified more recently than this, or whose size changed since the last look, is still being
    /// written: reported RUNNING, verified later.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromMinutes(DefaultSettleMinutes);

    /// <summary>Files modified longer ago than this are neither verified nor reported.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(DefaultLookbackDays);

    /// <summary>Files verified at the same time; each reads its file as fast as the disk allows.</summary>
    [Range(1, 16)]
    public int MaxConcurrent { get; set; } = DefaultMaxConcurrent;

    /// <summary>Display name of the job; empty means the probe name.</summary>
    [MaxLength(ObservationLimits.MaxNameLength)]
    public string JobName { get; set; } = "";

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (!string.IsNullOrEmpty(Path) && !System.IO.Path.IsPathFullyQualified(Path))
        {
            yield return new ValidationResult("must be an absolute folder path", [nameof(Path)]);
        }

        if (!string.IsNullOrEmpty(Pattern) && System.IO.Path.IsPathRooted(Pattern))
        {
            yield return new ValidationResult("must be relative to Path, e.g. **/*.xva", [nameof(Pattern)]);
        }
    }
}
