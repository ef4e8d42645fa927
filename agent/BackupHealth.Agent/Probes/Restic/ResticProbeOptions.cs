using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using BackupHealth.Agent.Probes.Shared.Http;
using BackupHealth.Contracts;

namespace BackupHealth.Agent.Probes.Restic;

// The source-generated validator replaces these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>A <c>restic</c> probe: the snapshots of one restic repository, optionally with a scheduled
/// <c>restic check</c>.</summary>
internal sealed partial class ResticProbeOptions : ProbeOptions
{
    public const string DefaultExecutable = "restic";
    public const int DefaultTimeoutMinutes = 5;
    public const int DefaultCheckTimeoutHours = 2;
    public const int DefaultLookbackDays = 7;

    [Required]
    public string Executable { get; set; } = DefaultExecutable;

    /// <summary>Passed as <c>RESTIC_REPOSITORY</c> (never on the command line: a REST or S3 URL may hold credentials).</summary>
    [Required]
    public string Repository { get; set; } = "";

    /// <summary>Meant for an environment variable (<c>Probes__0__Password</c>); passed as <c>RESTIC_PASSWORD</c>.</summary>
    public string? Password { get; set; }

    /// <summary>A file only the service account can read; passed as <c>RESTIC_PASSWORD_FILE</c>.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>Extra variables for restic, e.g. a backend's <c>AWS_ACCESS_KEY_ID</c> / <c>AWS_SECRET_ACCESS_KEY</c>.</summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    /// <summary>Only snapshots of this host (<c>--host</c>); empty for all.</summary>
    public string Host { get; set; } = "";

    /// <summary>Only snapshots with these tags (one <c>--tag</c> each: any of them; <c>a,b</c> in one entry means both).</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>Only snapshots of these paths (<c>--path</c>, absolute as restic stored them).</summary>
    public List<string> Paths { get; set; } = [];

    public ResticJobPer JobPer { get; set; } = ResticJobPer.Repository;

    /// <summary>Display name of the job (with <see cref="ResticJobPer.Repository"/>); empty means the probe name.</summary>
    [MaxLength(ObservationLimits.MaxNameLength)]
    public string JobName { get; set; } = "";

    /// <summary>restic's cache folder (<c>--cache-dir</c>); empty for restic's default under the account's home.</summary>
    public string CacheDirectory { get; set; } = "";

    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(DefaultTimeoutMinutes);

    /// <summary>Snapshots older than this are not reported.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(DefaultLookbackDays);

    /// <summary>How often to run <c>restic check</c>; unset means never (snapshots are reported as not verified).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan? CheckInterval { get; set; }

    [Range(typeof(TimeSpan), "00:00:05", "7.00:00:00")]
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromHours(DefaultCheckTimeoutHours);

    /// <summary>Also read this part of the pack data (<c>--read-data-subset</c>: <c>10%</c>, <c>1/5</c>, <c>500M</c>);
    /// empty checks structure only.</summary>
    public string CheckReadDataSubset { get; set; } = "";

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (Executable.IndexOfAny(['/', '\\']) >= 0 && !System.IO.Path.IsPathFullyQualified(Executable))
        {
            yield return new ValidationResult("must be a program name found on PATH or an absolute path", [nameof(Executable)]);
        }

        foreach (var result in PasswordSetting.Validate(Password, PasswordFile))
        {
            yield return result;
        }

        if (CacheDirectory.Length > 0 && !System.IO.Path.IsPathFullyQualified(CacheDirectory))
        {
            yield return new ValidationResult("must be an absolute folder path", [nameof(CacheDirectory)]);
        }

        if (CheckReadDataSubset.Length > 0 && !ReadDataSubset().IsMatch(CheckReadDataSubset))
        {
            yield return new ValidationResult("must be like 10%, 1/5 or 500M", [nameof(CheckReadDataSubset)]);
        }

        if (Tags.Any(string.IsNullOrWhiteSpace) || Paths.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult("must not hold empty entries", [Tags.Any(string.IsNullOrWhiteSpace) ? nameof(Tags) : nameof(Paths)]);
        }

        foreach (var name in Environment.Keys.Where(k => k.StartsWith("RESTIC_PASSWORD", StringComparison.OrdinalIgnoreCase) || k.Equals("RESTIC_REPOSITORY", StringComparison.OrdinalIgnoreCase)))
        {
            yield return new ValidationResult("set the repository and its password with Repository and Password/PasswordFile", [$"{nameof(Environment)}:{name}"]);
        }
    }

    [GeneratedRegex(@"^(\d+(\.\d+)?%|\d+/\d+|\d+[KMGT]?)$")]
    private static partial Regex ReadDataSubset();
}
