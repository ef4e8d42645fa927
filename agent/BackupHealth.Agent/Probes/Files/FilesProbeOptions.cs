using System.ComponentModel.DataAnnotations;
using BackupHealth.Contracts;

namespace BackupHealth.Agent.Probes.Files;

// The source-generated validator replaces these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>A <c>files</c> probe: a folder of backup files matched by a glob.</summary>
internal sealed class FilesProbeOptions : ProbeOptions
{
    public const string DefaultPattern = "**/*";
    public const int DefaultLookbackDays = 7;

    /// <summary>The folder backups are written to; must be absolute (a service's current directory is not yours).</summary>
    [Required]
    public string Path { get; set; } = "";

    /// <summary>Glob relative to <see cref="Path"/>, e.g. <c>**/*.vbk</c>.</summary>
    [Required]
    public string Pattern { get; set; } = DefaultPattern;

    /// <summary>A matching file smaller than this is reported FAILED: a backup that silently shrank.</summary>
    public long MinSizeBytes { get; set; }

    /// <summary>When set, <c>check</c> reports the job FAILED (stale) when its newest matching file is older than this.
    /// The collector does not need it: it alerts on lateness against each job's own expectation.</summary>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>Files modified longer ago than this are not reported as runs.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(DefaultLookbackDays);

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
            yield return new ValidationResult("must be relative to Path, e.g. **/*.vbk", [nameof(Pattern)]);
        }

        if (MinSizeBytes < 0)
        {
            yield return new ValidationResult("must not be negative", [nameof(MinSizeBytes)]);
        }

        if (MaxAge is { } maxAge && maxAge <= TimeSpan.Zero)
        {
            yield return new ValidationResult("must be greater than 00:00:00 (leave it out to disable the staleness check)", [nameof(MaxAge)]);
        }
    }
}
