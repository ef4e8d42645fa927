using System.ComponentModel.DataAnnotations;
using BackupHealth.Contracts;

namespace BackupHealth.Agent.Probes.WindowsServerBackup;

// The source-generated validator replaces these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>A <c>wsb</c> probe: Windows Server Backup results from its event log or from <c>wbadmin get versions</c>.</summary>
internal sealed class WsbProbeOptions : ProbeOptions
{
    public const string DefaultLogName = "Microsoft-Windows-Backup";
    public const string DefaultWbadminPath = "wbadmin";
    public const string DefaultJobName = "Windows Server Backup";
    public const int DefaultLookbackDays = 7;
    public const int DefaultMaxEventsPerRun = 5000;
    public const int DefaultCommandTimeoutMinutes = 2;

    public WsbSource Source { get; set; } = WsbSource.EventLog;

    /// <summary>The channel the backup events are written to.</summary>
    [Required]
    public string LogName { get; set; } = DefaultLogName;

    /// <summary>How far back the first event read goes, and how old a listed backup version may be to be reported.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(DefaultLookbackDays);

    [Range(1, 100_000)]
    public int MaxEventsPerRun { get; set; } = DefaultMaxEventsPerRun;

    /// <summary>wbadmin.exe: a name found on PATH, or a full path.</summary>
    [Required]
    public string WbadminPath { get; set; } = DefaultWbadminPath;

    /// <summary>Passed as <c>-backupTarget:</c> to list the versions on another target (a volume, a share); empty
    /// lists the versions this server knows.</summary>
    public string BackupTarget { get; set; } = "";

    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(DefaultCommandTimeoutMinutes);

    /// <summary>Display name of the job.</summary>
    [MaxLength(ObservationLimits.MaxNameLength)]
    public string JobName { get; set; } = DefaultJobName;

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (!Enum.IsDefined(Source))
        {
            yield return new ValidationResult("must be EventLog or Wbadmin", [nameof(Source)]);
        }

        if (BackupTarget.Any(char.IsControl) || BackupTarget.Contains('"', StringComparison.Ordinal))
        {
            yield return new ValidationResult("must not contain control characters or quotes", [nameof(BackupTarget)]);
        }
    }
}
