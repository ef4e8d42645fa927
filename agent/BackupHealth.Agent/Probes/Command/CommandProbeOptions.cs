using System.ComponentModel.DataAnnotations;
using BackupHealth.Contracts;

namespace BackupHealth.Agent.Probes.Command;

// The source-generated validator replaces these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>A <c>command</c> probe: runs an MSP's own script and reads its exit code or its JSON.</summary>
internal sealed class CommandProbeOptions : ProbeOptions
{
    public const int DefaultTimeoutMinutes = 5;

    /// <summary>A program name found on PATH, or an absolute path. Run directly, never through a shell.</summary>
    [Required]
    public string Executable { get; set; } = "";

    /// <summary>Each entry one argument, passed as is (no quoting, no globbing, no variables).</summary>
    public List<string> Arguments { get; set; } = [];

    /// <summary>Variables added to the script's environment (a null-like empty value is passed as empty).</summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    /// <summary>Empty for the agent's own working folder.</summary>
    public string WorkingDirectory { get; set; } = "";

    /// <summary>The script and everything it started is killed after this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(DefaultTimeoutMinutes);

    public CommandOutputMode Output { get; set; } = CommandOutputMode.Plugin;

    /// <summary>The job's display name in <see cref="CommandOutputMode.Plugin"/> mode; empty means the probe name.</summary>
    [MaxLength(ObservationLimits.MaxNameLength)]
    public string JobName { get; set; } = "";

    /// <summary>What the job protects, in plugin mode (a host, a database).</summary>
    [MaxLength(ObservationLimits.MaxNameLength)]
    public string ProtectedObject { get; set; } = "";

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
        else if (Path.IsPathFullyQualified(Executable) && !File.Exists(Executable))
        {
            yield return new ValidationResult($"file {Executable} does not exist or cannot be seen by this account", [nameof(Executable)]);
        }

        if (WorkingDirectory.Length > 0 && !Directory.Exists(WorkingDirectory))
        {
            yield return new ValidationResult($"folder {WorkingDirectory} does not exist", [nameof(WorkingDirectory)]);
        }

        if (Arguments.Any(a => a is null))
        {
            yield return new ValidationResult("must not hold empty entries", [nameof(Arguments)]);
        }
    }
}
