using System.ComponentModel.DataAnnotations;
using BackupHealth.Contracts;

namespace BackupHealth.Agent.Probes.Borg;

// The source-generated validator replaces these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>A <c>borg</c> probe: the archives of one Borg repository, optionally with a scheduled <c>borg check</c>.</summary>
internal sealed class BorgProbeOptions : ProbeOptions
{
    public const string DefaultExecutable = "borg";
    public const int DefaultTimeoutMinutes = 5;
    public const int DefaultCheckTimeoutHours = 4;
    public const int DefaultLookbackDays = 7;
    public const int DefaultLockWaitSeconds = 60;

    [Required]
    public string Executable { get; set; } = DefaultExecutable;

    /// <summary>Passed as <c>BORG_REPO</c>, so an <c>ssh://</c> location is not on the command line either.</summary>
    [Required]
    public string Repository { get; set; } = "";

    /// <summary>Meant for an environment variable (<c>Probes__0__Passphrase</c>); passed as <c>BORG_PASSPHRASE</c>.
    /// Neither this nor <see cref="PassphraseFile"/> for an unencrypted repository.</summary>
    public string? Passphrase { get; set; }

    /// <summary>A file only the service account can read; read at each run and passed as <c>BORG_PASSPHRASE</c>.</summary>
    public string? PassphraseFile { get; set; }

    /// <summary>Extra variables for borg, e.g. <c>BORG_RSH</c> with an SSH key.</summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    /// <summary><c>BORG_BASE_DIR</c>: where borg keeps its cache, keys and security records for this probe. Empty uses
    /// borg's default under the account's home folder.</summary>
    public string BaseDirectory { get; set; } = "";

    /// <summary>Only archives whose name matches (<c>--glob-archives</c>, e.g. <c>fs01-*</c>).</summary>
    public string GlobArchives { get; set; } = "";

    /// <summary>The zone of the host that runs the backups (borg prints its local times without a zone): an IANA or
    /// Windows id. Empty means this host's zone.</summary>
    public string TimeZone { get; set; } = "";

    [MaxLength(ObservationLimits.MaxNameLength)]
    public string JobName { get; set; } = "";

    /// <summary>Answer yes to "previously unknown unencrypted repository"; otherwise borg refuses it.</summary>
    public bool AcceptUnencrypted { get; set; }

    /// <summary>Answer yes to "repository was previously located at …"; otherwise borg refuses a moved repository.</summary>
    public bool AcceptRelocated { get; set; }

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan LockWait { get; set; } = TimeSpan.FromSeconds(DefaultLockWaitSeconds);

    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(DefaultTimeoutMinutes);

    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(DefaultLookbackDays);

    /// <summary>How often to run <c>borg check</c>; unset means never (archives are reported as not verified).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan? CheckInterval { get; set; }

    [Range(typeof(TimeSpan), "00:00:05", "7.00:00:00")]
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromHours(DefaultCheckTimeoutHours);

    /// <summary><c>borg check --verify-data</c>: decrypt and verify every chunk (slow, reads everything).</summary>
    public bool CheckVerifyData { get; set; }

    public TimeZoneInfo ResolveZone() =>
        TimeZone.Length == 0 ? TimeZoneInfo.Local : TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

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

        if (!string.IsNullOrEmpty(Passphrase) && !string.IsNullOrEmpty(PassphraseFile))
        {
            yield return new ValidationResult("set Passphrase or PassphraseFile, not both", [nameof(PassphraseFile)]);
        }
        else if (!string.IsNullOrEmpty(PassphraseFile) && !Path.IsPathFullyQualified(PassphraseFile))
        {
            yield return new ValidationResult("must be an absolute file path", [nameof(PassphraseFile)]);
        }
        else if (!string.IsNullOrEmpty(PassphraseFile) && !File.Exists(PassphraseFile))
        {
            yield return new ValidationResult($"file {PassphraseFile} does not exist or cannot be seen by this account", [nameof(PassphraseFile)]);
        }

        if (BaseDirectory.Length > 0 && !Path.IsPathFullyQualified(BaseDirectory))
        {
            yield return new ValidationResult("must be an absolute folder path", [nameof(BaseDirectory)]);
        }

        if (TimeZone.Length > 0 && !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"'{TimeZone}' is not a time zone known to this host (e.g. Europe/Berlin)", [nameof(TimeZone)]);
        }

        foreach (var name in Environment.Keys.Where(k => k.StartsWith("BORG_PASS", StringComparison.OrdinalIgnoreCase) || k.Equals("BORG_REPO", StringComparison.OrdinalIgnoreCase)))
        {
            yield return new ValidationResult("set the repository and its passphrase with Repository and Passphrase/PassphraseFile", [$"{nameof(Environment)}:{name}"]);
        }
    }
}
